"""``python -m cxtui``."""

from cxtui.start import main

raise SystemExit(main())
