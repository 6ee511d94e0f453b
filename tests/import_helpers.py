"""Which modules a `cxtui` command imports, run in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: Runs `cxtui ARGS` (its standard output swallowed), then reports its exit code and the
#: names of every module then imported.
_SCRIPT = """
import contextlib, io, json, sys
from cxtui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imports_of(args: Sequence[str], cwd: Path) -> tuple[int, list[str]]:
    """The exit code of `cxtui ARGS` run in `cwd`, and the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    return report["code"], report["modules"]
