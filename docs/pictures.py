"""Make the pictures in the README: `python docs/pictures.py` (from the repository root).

docs/editor.svg is the editor on a sample map at 120x36; docs/print.svg is
`cxtui print` of the same map. Both are self-contained (no web fonts).
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from rich.console import Console

from cxtui.document import Document
from cxtui.fileformat import read_map
from cxtui.render import MapView, self_contained_svg_format, strip_web_fonts
from cxtui.tui.app import CxtuiApp

DOCS = Path(__file__).resolve().parent
SAMPLE = DOCS.parent / "sample_maps" / "online-shop-purchase.toml"


async def editor_svg() -> str:
    """A screenshot of the editor on the sample map, the third phase focused."""
    app = CxtuiApp(Document(read_map(SAMPLE), SAMPLE), guard=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("right", "right", "down")
        await pilot.pause()
        return strip_web_fonts(app.export_screenshot(title="cxtui"))


def print_svg() -> str:
    """`cxtui print` of the sample map at 110 columns."""
    console = Console(record=True, width=110, file=io.StringIO(), color_system="truecolor")
    console.print(MapView(read_map(SAMPLE)))
    return console.export_svg(title="cxtui print", code_format=self_contained_svg_format())


def main() -> None:
    (DOCS / "editor.svg").write_text(asyncio.run(editor_svg()))
    (DOCS / "print.svg").write_text(print_svg())


if __name__ == "__main__":
    main()
