"""Every exporter against a golden file made from tests/golden/fixture.toml.

After a deliberate change of an export, rewrite the goldens with
``CXTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_interchange_golden.py``,
then read the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cxtui.fileformat import read_map
from cxtui.interchange import export_formats, exporter, import_formats, importer
from cxtui.model import JourneyMap

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = GOLDEN / "fixture.toml"
#: Export format -> golden file name.
GOLDEN_FILES = {
    "md": "fixture.md",
    "csv": "fixture.csv",
    "html": "fixture.html",
    "svg": "fixture.svg",
    "mermaid": "fixture.mmd",
    "json": "fixture.json",
}


def fixture_map() -> JourneyMap:
    return read_map(FIXTURE)


def read_exact(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as stream:
        return stream.read()


def check_golden(path: Path, text: str) -> None:
    """Compare `text` with the golden file (or rewrite it when asked to)."""
    if os.environ.get("CXTUI_UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    assert path.exists(), f"no golden file {path.name}: run with CXTUI_UPDATE_GOLDEN=1"
    assert read_exact(path) == text


def test_every_format_is_registered() -> None:
    assert export_formats() == ["md", "csv", "html", "svg", "mermaid", "json"]
    assert import_formats() == ["mermaid", "outline", "csv", "json"]


@pytest.mark.parametrize("fmt", list(GOLDEN_FILES))
def test_export_matches_golden(fmt: str) -> None:
    check_golden(GOLDEN / GOLDEN_FILES[fmt], exporter(fmt)(fixture_map()))


@pytest.mark.parametrize("fmt", list(GOLDEN_FILES))
def test_export_is_deterministic(fmt: str) -> None:
    assert exporter(fmt)(fixture_map()) == exporter(fmt)(fixture_map())


IMPORTABLE = [
    ("csv", "fixture.csv"),
    ("mermaid", "fixture.mmd"),
    ("mermaid", "fixture.md"),
    ("json", "fixture.json"),
]


@pytest.mark.parametrize(("fmt", "name"), IMPORTABLE)
def test_golden_files_import(fmt: str, name: str) -> None:
    path = GOLDEN / name
    m = importer(fmt)(read_exact(path), str(path))
    assert [p.title for p in m.phases] == [p.title for p in fixture_map().phases]
