#!/usr/bin/env python3
"""Set up and run cxtui from a fresh clone with nothing but python3.

    python3 dev.py edit [FILE]   set up .venv if needed, then open the editor
                                 (no FILE: a scratch copy of a sample map)
    python3 dev.py test          set up .venv if needed (with the test tools), then ruff,
                                 mypy, the import-linter layers contract and pytest
    python3 dev.py bench [--quick]   the benchmarks (see docs/performance.md)

The virtual environment is (re)built whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
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


def group_requirements(name: str) -> list[str]:
    """The requirements of a PEP 735 dependency group of pyproject.toml (includes followed)."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    found: list[str] = []
    for item in groups[name]:
        found += group_requirements(item["include-group"]) if isinstance(item, dict) else [item]
    return found


def ensure_venv(group: str | None = None) -> None:
    """Create .venv and install cxtui (editable) and the dependency `group`, if any,
    unless already done for this pyproject.toml."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    done = STAMP.read_text().split() if STAMP.exists() else []
    wanted = f"{digest}:{group or ''}"
    if wanted in done or (group is None and any(d.startswith(digest) for d in done)):
        return
    if not (BIN / "python").exists():
        _log("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    what = f"cxtui and its {group} tools" if group else "cxtui"
    _log(f"installing {what} into .venv (once)")
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    extra = group_requirements(group) if group else []
    if _run(*pip, "-e", ROOT, *extra) != 0:
        sys.exit("dev.py: installing failed (see above)")
    kept = [d for d in done if d.startswith(digest)]
    STAMP.write_text(" ".join([*kept, wanted]))


def main(argv: list[str]) -> int:
    """Run the dev command named in `argv`."""
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "edit":
        ensure_venv()
        return _run(BIN / "cxtui", *rest)
    if command == "test":
        ensure_venv("test")
        checks = [
            [BIN / "ruff", "check", "."],
            [BIN / "ruff", "format", "--check", "."],
            [BIN / "mypy"],
            [BIN / "lint-imports", "--no-cache"],
        ]
        for check in checks:
            _log(" ".join(os.fspath(c) for c in check[1:]) or os.path.basename(check[0]))
            if _run(*check) != 0:
                return 1
        return _run(BIN / "python", "-m", "pytest", *rest)
    if command == "bench":
        ensure_venv("test")
        return _run(BIN / "python", ROOT / "benchmarks" / "run.py", *rest)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
