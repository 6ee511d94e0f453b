"""``python -m cxtui``."""

from cxtui.cli import main

raise SystemExit(main())
