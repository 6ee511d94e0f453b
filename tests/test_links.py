"""Maps that link: a phase's `link = "FILE"` through the file format, validate, ls,
print, Markdown, the HTML site of a folder, and the editor's o / b with breadcrumbs."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RunCli
from tui_helpers import (
    notifications,
    sample_map,
    screen_text,
    text_only_map,
    wait_until,
    write_map,
)

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.model import JourneyMap, ModelError, Phase
from cxtui.tui.app import CxtuiApp
from cxtui.tui.screens.map_screen import MapScreen


def linked(m: JourneyMap, phase: int, link: str) -> JourneyMap:
    phases = list(m.phases)
    phases[phase] = replace(phases[phase], link=link)
    return replace(m, phases=tuple(phases))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """coffee.toml's phase 3 (Wait) links to detail/queue.toml."""
    (tmp_path / "detail").mkdir()
    write_map(tmp_path / "coffee.toml", linked(sample_map("Coffee order"), 2, "detail/queue.toml"))
    write_map(tmp_path / "detail" / "queue.toml", text_only_map("Queueing"))
    return tmp_path


def test_a_link_is_read_and_written_back(folder: Path) -> None:
    m = read_map(folder / "coffee.toml")
    assert [p.link for p in m.phases] == [None, None, "detail/queue.toml", None]
    assert 'link = "detail/queue.toml"' in (folder / "coffee.toml").read_text("utf-8")


def test_a_link_is_a_relative_path() -> None:
    with pytest.raises(ModelError):
        Phase("Wait", link="/etc/passwd")
    assert Phase("Wait", link="  ").link is None


def test_validate_reports_a_broken_link_at_the_link(run_cli: RunCli, folder: Path) -> None:
    assert run_cli("validate", folder).returncode == 0
    (folder / "detail" / "queue.toml").write_text("cxtui = 1\n", "utf-8")
    result = run_cli("validate", folder / "coffee.toml")
    assert result.returncode == 1
    lines = (folder / "coffee.toml").read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("link = "))
    col = lines[number - 1].index('"') + 1
    [error] = result.stderr.splitlines()
    assert error.startswith(f"cxtui: {folder / 'coffee.toml'}:{number}:{col}: phase “Wait”")
    assert "detail/queue.toml, which does not load" in error
    (folder / "detail" / "queue.toml").unlink()
    result = run_cli("validate", folder / "coffee.toml")
    assert result.returncode == 1 and "which does not exist" in result.stderr


def test_ls_shows_the_hierarchy(run_cli: RunCli, folder: Path) -> None:
    write_map(folder / "another.toml", text_only_map("Another"))
    result = run_cli("ls", folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [re.split(r"\s{2,}", line.strip())[0] for line in lines] == [
        "another.toml",
        "coffee.toml",
        "↳ detail/queue.toml",
    ]
    assert lines[2].startswith("  ↳ ") and "from “Wait”" in lines[2]
    data = json.loads(run_cli("ls", folder, "--format", "json").stdout)
    coffee = next(row for row in data["maps"] if row["file"] == "coffee.toml")
    assert coffee["links"] == [
        {"phase": "Wait", "link": "detail/queue.toml", "file": "detail/queue.toml"}
    ]


def test_print_and_markdown_show_the_link(run_cli: RunCli, folder: Path) -> None:
    printed = run_cli("print", folder / "coffee.toml", "--width", "120")
    assert "Wait ↗" in printed.stdout and "detail/queue.toml" in printed.stdout
    markdown = run_cli("export", folder / "coffee.toml", "--to", "md").stdout
    assert "Wait<br>↗ [detail/queue.toml](detail/queue.md)" in markdown


def test_a_folder_exports_as_a_site_of_linked_pages(run_cli: RunCli, folder: Path) -> None:
    site = folder / "site"
    result = run_cli("export", folder, "--to", "html", "-o", site)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == ["coffee.html", "detail/queue.html", "index.html"]
    coffee = (site / "coffee.html").read_text("utf-8")
    assert '<a class="phase-link" href="detail/queue.html">↗ detail/queue.toml</a>' in coffee
    assert '<a href="index.html">All maps</a>' in coffee
    queue = (site / "detail" / "queue.html").read_text("utf-8")
    assert '<a href="../index.html">All maps</a>' in queue
    index = (site / "index.html").read_text("utf-8")
    assert index.index('href="coffee.html"') < index.index('href="detail/queue.html"')
    assert "from “Wait”" in index
    again = run_cli("export", folder, "--to", "html", "-o", site)
    assert again.returncode == 1 and "--force" in again.stderr
    assert run_cli("export", folder, "--to", "html", "-o", site, "--force").returncode == 0


def test_a_site_is_not_written_when_a_map_does_not_load(run_cli: RunCli, folder: Path) -> None:
    (folder / "broken.toml").write_text('cxtui = 1\ntitle = "B"\nkind = "x"\n', "utf-8")
    site = folder / "site"
    result = run_cli("export", folder, "--to", "html", "-o", site)
    assert result.returncode == 1 and "broken.toml:" in result.stderr
    assert not site.exists()
    assert run_cli("export", folder, "--to", "md", "-o", site).returncode == 1


def test_saving_as_elsewhere_keeps_the_link_pointing_at_the_same_map(folder: Path) -> None:
    document = Document(read_map(folder / "coffee.toml"), folder / "coffee.toml")
    (folder / "old").mkdir()
    document.save(folder / "old" / "coffee.toml")
    assert read_map(folder / "old" / "coffee.toml").phases[2].link == "../detail/queue.toml"


def test_the_editors_save_as_elsewhere_keeps_the_link_pointing_at_the_same_map(
    folder: Path,
) -> None:
    """The editor saves on the document's writer thread (start_save, finish_save)."""
    document = Document(read_map(folder / "coffee.toml"), folder / "coffee.toml")
    (folder / "old").mkdir()
    outcomes: list[object] = []
    document.start_save(folder / "old" / "coffee.toml", outcomes.append)
    document.writer.wait()
    (outcome,) = outcomes
    document.finish_save(outcome)  # type: ignore[arg-type]
    assert read_map(folder / "old" / "coffee.toml").phases[2].link == "../detail/queue.toml"
    assert document.map.phases[2].link == "../detail/queue.toml"
    assert not document.modified


async def test_o_opens_the_linked_map_with_breadcrumbs_and_b_comes_back(folder: Path) -> None:
    path = folder / "coffee.toml"
    app = CxtuiApp(Document(read_map(path), path), guard=False)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen
        assert "Wait              ↗│" in screen_text(app)
        await pilot.press("g")  # Discover links nowhere
        await pilot.pause()
        assert app.screen is first
        assert any("links to no map" in n for n in notifications(app))
        await pilot.press("l", "l", "g")
        await wait_until(pilot, lambda: app.screen is not first)
        detail = app.screen
        assert isinstance(detail, MapScreen)
        assert detail.document.path == folder / "detail" / "queue.toml"
        header = screen_text(app).splitlines()[0]
        assert header.startswith(" Coffee order: Wait › Queueing")
        await pilot.press("b")
        await wait_until(pilot, lambda: app.screen is first)
        assert isinstance(first, MapScreen) and first.phase == 2
        await pilot.press("b")  # not opened from a link
        await pilot.pause()
        assert app.screen is first and app.is_running


def test_one_map_page_links_to_the_linked_page_only_when_it_is_there(
    run_cli: RunCli, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pages"
    out.mkdir()
    alone = run_cli("export", folder / "coffee.toml", "--to", "html", "-o", out / "coffee.html")
    assert alone.returncode == 0, alone.stderr
    page = (out / "coffee.html").read_text("utf-8")
    said = "↗ detailed in the map file <code>detail/queue.toml</code>"
    assert said in page and 'class="phase-link" href=' not in page
    (out / "detail").mkdir()
    queue = run_cli(
        "export", folder / "detail" / "queue.toml", "--to", "html", "-o", out / "detail/queue.html"
    )
    assert queue.returncode == 0, queue.stderr
    again = run_cli(
        "export", folder / "coffee.toml", "--to", "html", "-o", out / "coffee.html", "--force"
    )
    assert again.returncode == 0, again.stderr
    page = (out / "coffee.html").read_text("utf-8")
    assert '<a class="phase-link" href="detail/queue.html">↗ detail/queue.toml</a>' in page
    to_stdout = run_cli("export", folder / "coffee.toml", "--to", "html").stdout
    assert said in to_stdout
