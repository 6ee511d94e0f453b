"""A folder of maps as a small web site: one page per map (`html_page`), its phase links
pointing at the sibling pages, and an index page listing every map as the tree of links.

Pages keep the folder's layout (``team/shop.toml`` becomes ``team/shop.html``), so the
links between them are the links between the maps, with ``.html`` for ``.toml``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from cxtui.interchange import html_page
from cxtui.library import Entry, hierarchy, link_target, pain_points
from cxtui.model import kind_name
from cxtui.notation import emotion_glyph

INDEX = "index.html"


def page_name(entry_name: str) -> str:
    """The page (relative to the site) of the map at `entry_name` (relative to the folder)."""
    page = PurePosixPath(Path(entry_name).as_posix()).with_suffix(".html")
    return "index-map.html" if str(page) == INDEX else str(page)


def _relative(to: str, start: str) -> str:
    return PurePosixPath(os.path.relpath(to, PurePosixPath(start).parent)).as_posix()


def sibling_pages(output: str | os.PathLike[str]) -> html_page.LinkHref:
    """For one map's page written to `output`: a link's address when the linked map's page
    (its path with ``.html`` for ``.toml``, from the page's folder, as a site lays pages
    out) is already there; None, so the page names the map file instead, when it is not."""
    folder = Path(output).parent

    def href(reference: str) -> str | None:
        page = PurePosixPath(Path(reference).as_posix()).with_suffix(".html")
        target = folder / page
        if target.is_file() and target.resolve() != Path(output).resolve():
            return str(page)
        return None

    return href


def site_pages(folder: Path, entries: list[Entry]) -> dict[str, str]:
    """Every page of the site of `entries` (maps that load, under `folder`): its name
    relative to the site, and its HTML."""
    pages = {Path(os.path.abspath(e.path)): page_name(e.name) for e in entries}
    out: dict[str, str] = {}
    for entry in entries:
        assert entry.journey is not None
        page = page_name(entry.name)

        def href(reference: str, entry: Entry = entry, page: str = page) -> str | None:
            target = pages.get(Path(os.path.abspath(link_target(entry.path, reference))))
            return _relative(target, page) if target is not None else None

        out[page] = html_page.dumps(entry.journey, href, _relative(INDEX, page))
    out[INDEX] = index_page(folder, entries)
    return out


def index_page(folder: Path, entries: list[Entry]) -> str:
    """The page listing every map: a linked map under the phase that links to it."""
    e = html_page.escape_html
    rows = []
    for depth, entry, via in hierarchy(entries):
        m = entry.journey
        assert m is not None
        curve = "".join(emotion_glyph(p.emotion, m.scale) for p in m.phases)
        persona = e(m.persona.name) if m.persona else ""
        from_phase = f' <span class="via">(from “{e(via)}”)</span>' if via else ""
        rows.append(
            f'<tr><td style="padding-left: {0.5 + 1.5 * depth}rem">'
            f'{"↳ " if depth else ""}<a href="{e(page_name(entry.name))}">'
            f"{e(m.title) or 'Untitled map'}</a>{from_phase}</td>"
            f"<td>{e(kind_name(m.kind))}</td><td>{persona}</td>"
            f'<td class="num">{len(m.phases)}</td><td class="num">{pain_points(m)}</td>'
            f'<td aria-hidden="true">{e(curve)}</td><td><code>{e(entry.name)}</code></td></tr>'
        )
    title = f"Journey maps: {folder.resolve().name or folder}"
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                '<meta name="generator" content="cxtui">',
                f"<title>{e(title)}</title>",
                "<style>",
                "body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }",
                "table { border-collapse: collapse; } th, td { padding: .3rem .5rem;"
                " border-bottom: 1px solid #d1d9e0; text-align: left; }",
                ".num { text-align: right; } .via { color: #59636e; }",
                "</style>",
                "</head>",
                "<body>",
                f"<h1>{e(title)}</h1>",
                f"<p>{len(entries)} maps. A map a phase links to is listed under it.</p>",
                "<table>",
                "<thead><tr><th>Map</th><th>Kind</th><th>Persona</th><th>Phases</th>"
                "<th>Pain points</th><th>Emotion</th><th>File</th></tr></thead>",
                "<tbody>",
                *rows,
                "</tbody>",
                "</table>",
                "<footer>Made with cxtui.</footer>",
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )
