"""The README and docs say what the code does: the key table, links and pictures."""

from __future__ import annotations

import re
from pathlib import Path

from cxtui.tui.keys import KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_key_table_is_the_key_contract() -> None:
    rows = re.findall(r"^\| (`.+`) \| (.+) \|$", README, flags=re.MULTILINE)
    table = [(keys.replace("`", ""), action) for keys, action in rows]
    assert table == [(spec.display_keys, spec.help) for spec in KEYS]


def test_every_local_link_and_picture_in_the_readme_exists() -> None:
    targets = re.findall(r"\]\(([^)#]+)\)", README)
    assert "docs/editor.svg" in targets and "docs/print.svg" in targets
    missing = [t for t in targets if "://" not in t and not (ROOT / t).exists()]
    assert missing == []


def test_the_readme_pictures_are_self_contained_svg() -> None:
    for name in ("editor.svg", "print.svg"):
        svg = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg")
        fetches = ["@font-face", "@import", "url(http", "url('http", 'href="http', 'src="http']
        assert [f for f in fetches if f in svg] == []
