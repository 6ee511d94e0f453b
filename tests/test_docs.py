"""The README and docs say what the code does: the key table, links and pictures."""

from __future__ import annotations

import re
from pathlib import Path

from cxtui.tui.keys import KEYS, LIBRARY_KEYS, KeySpec

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _key_table_under(heading: str) -> list[tuple[str, str, str]]:
    """The rows (keys, action, id) of the first key table after `heading` in the README."""
    section = README.split(f"\n{heading}\n", 1)[1]
    table = section.split("| Keys | Action | Id |\n|---|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (`.+`) \| (.+) \| `(\w+)` \|$", table, flags=re.MULTILINE)
    assert len(rows) == len(table.splitlines())  # every line is a row of keys
    return [(keys.replace("`", ""), action, id) for keys, action, id in rows]


def _contract(specs: tuple[KeySpec, ...]) -> list[tuple[str, str, str]]:
    return [(spec.display_keys, spec.help, spec.id) for spec in specs]


def test_the_readme_key_table_is_the_key_contract() -> None:
    assert _key_table_under("## Keys") == _contract(KEYS)


def test_the_readme_library_key_table_is_the_library_key_contract() -> None:
    assert _key_table_under("### The library (`cxtui DIR`)") == _contract(LIBRARY_KEYS)


def test_the_readme_has_no_other_key_rows() -> None:
    rows = re.findall(r"^\| `.+` \| .+ \| `\w+` \|$", README, flags=re.MULTILINE)
    assert len(rows) == len(KEYS) + len(LIBRARY_KEYS)


def test_every_action_id_is_stable_and_documented() -> None:
    ids = [spec.id for spec in KEYS]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z_]+", id) for id in ids)
    config_doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    assert "| Keys | Action | Id |" in README
    assert all(f"`{id}`" in README for id in ids)
    assert "[keys]" in config_doc


def test_the_settings_in_the_docs_are_the_settings_read() -> None:
    from cxtui.config import SETTINGS

    config_doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    documented = re.findall(r"^### `(\w+)`", config_doc, flags=re.MULTILINE)
    assert documented == list(SETTINGS)


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
