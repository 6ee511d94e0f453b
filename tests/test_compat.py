"""cxtui/tui/compat.py holds every use of Textual's private API: it fails loudly here
when the installed Textual is not one it was checked against."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import textual

from cxtui.tui import compat

ROOT = Path(__file__).resolve().parents[1]
PRIVATE = re.compile(
    r"\b(textual\._\w+|\._(notifications|unnotify|driver|compositor|line_cache)\b)"
)


def test_the_installed_textual_is_one_compat_was_checked_against() -> None:
    assert compat.supported(), (
        f"Textual {textual.__version__} is installed, but cxtui/tui/compat.py was written "
        f"for {compat.WRITTEN_FOR}: read compat.py against the new Textual (its private "
        "parser, toasts, driver, compositor and line cache), then update WRITTEN_FOR and "
        "the textual pin in pyproject.toml."
    )


def test_the_dependency_pin_admits_only_the_releases_compat_knows() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (pin,) = [d for d in dependencies if d.startswith("textual")]
    low = re.search(r">=(\d+)\.(\d+)", pin)
    high = re.search(r"<(\d+)\.(\d+)", pin)
    assert low and high, pin
    lowest = (int(low[1]), int(low[2]))
    below = (int(high[1]), int(high[2]))
    assert lowest == min(compat.WRITTEN_FOR)
    assert below == (max(compat.WRITTEN_FOR)[0], max(compat.WRITTEN_FOR)[1] + 1)


def test_no_module_but_compat_reaches_into_textual() -> None:
    for path in sorted((ROOT / "cxtui").rglob("*.py")):
        if path.name == "compat.py":
            continue
        found = PRIVATE.search(path.read_text())
        assert found is None, f"{path.relative_to(ROOT)} uses {found[0]}: move it to compat.py"
