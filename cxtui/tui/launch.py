"""Opening the editor from the command line."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from cxtui import gc_pause
from cxtui.document import Document
from cxtui.fileformat import MapFileError, read_map
from cxtui.model import JourneyMap

SAMPLE_FOLDER = Path(__file__).resolve().parents[2] / "sample_maps"
SCRATCH_SAMPLE = "online-shop-purchase.toml"


def scratch_map() -> JourneyMap:
    """A copy of a sample map to play with (or the basic template when there is none)."""
    sample = SAMPLE_FOLDER / SCRATCH_SAMPLE
    if sample.is_file():
        return read_map(sample)
    from cxtui.templates import load_template

    return load_template("basic", "Scratch map")


def open_document(file: str | None) -> Document:
    """The document for `file`: read it, or start it from the basic template if it does
    not exist, or a scratch copy of a sample map when there is no file; raises MapFileError."""
    if file is None:
        return Document(scratch_map(), None)
    path = Path(file)
    if path.exists() or path.is_symlink():
        return Document.open(path)
    from cxtui.fileformat import Problem
    from cxtui.templates import load_template

    if not path.parent.is_dir() and str(path.parent) != "":
        raise MapFileError([Problem(1, 1, "its folder does not exist", file)])
    title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Journey map"
    return Document(replace(load_template("basic"), title=title), path)


def run_editor(file: str | None) -> int:
    """Open `file` in the editor; returns the exit code."""
    in_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        document = open_document(file)
        if not in_terminal:
            document.finish_loading()  # a file's problems come before "needs a terminal"
    except MapFileError as error:
        for problem in error.problems:
            print(f"cxtui: {problem}", file=sys.stderr)
        return 1
    if not in_terminal:
        print(
            "cxtui: the editor needs a terminal (use `cxtui print FILE` for a pipe)",
            file=sys.stderr,
        )
        return 1
    # No collections until the first frame, after which the app resumes them (cxtui.start
    # pauses them already; this is for callers that did not come through it).
    gc_pause.pause()
    from cxtui.tui.app import CxtuiApp

    app = CxtuiApp(document)
    app.run()
    if app.load_error is not None:  # the whole file, read after its preview was painted
        for problem in app.load_error.problems:
            print(f"cxtui: {problem}", file=sys.stderr)
        return 1
    if app.crashed or app.return_code:
        app.write_recovery_copy()  # an unexpected error: keep the unsaved edits
        return app.return_code or 1
    return 0
