#!/usr/bin/env python3
"""Set up and run cxtui from a fresh clone with nothing but python3.

    python3 dev.py edit [FILE]   set up .venv if needed, then open the editor
                                 (no FILE: a scratch copy of a sample map)
    python3 dev.py test          set up .venv if needed, then ruff, mypy and pytest
    python3 dev.py bench [--quick]   the benchmarks (see docs/performance.md)

The virtual environment is (re)built whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".cxtui-installed"


def _log(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)


def _run(*command: str | os.PathLike[str]) -> int:
    return subprocess.call([os.fspath(c) for c in command], cwd=ROOT)


def ensure_venv() -> None:
    """Create .venv and install cxtui with its test extra, unless already up to date."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        _log("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    _log("installing cxtui and its test tools into .venv (once)")
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    if _run(*pip, "-e", f"{ROOT}[test]") != 0:
        sys.exit("dev.py: installing failed (see above)")
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    """Run the dev command named in `argv`."""
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "edit":
        ensure_venv()
        return _run(BIN / "cxtui", *rest)
    if command == "test":
        ensure_venv()
        checks = [
            [BIN / "ruff", "check", "."],
            [BIN / "ruff", "format", "--check", "."],
            [BIN / "mypy"],
        ]
        for check in checks:
            _log(" ".join(os.fspath(c) for c in check[1:]) or "mypy")
            if _run(*check) != 0:
                return 1
        return _run(BIN / "python", "-m", "pytest", *rest)
    if command == "bench":
        ensure_venv()
        return _run(BIN / "python", ROOT / "benchmarks" / "run.py", *rest)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
