"""Opening the editor from the command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cxtui import gc_pause
from cxtui.config import Settings
from cxtui.document import Document
from cxtui.fileformat import MapFileError, read_map
from cxtui.model import JourneyMap
from cxtui.samples import SCRATCH_SAMPLE, sample_folder
from cxtui.saving import interrupted_save_message, interrupted_saves
from cxtui.text import escaped
from cxtui.tui.served import outside_root, refusal


def scratch_map() -> JourneyMap:
    """A copy of a sample map to play with (or the basic template when there is none)."""
    sample = sample_folder() / SCRATCH_SAMPLE
    if sample.is_file():
        return read_map(sample)
    from cxtui.templates import load_template

    return load_template("basic", "Scratch map")


def open_document(file: str | None, template: str = "basic") -> Document:
    """The document for `file`: read it, or start it from `template` if it does not
    exist, or a scratch copy of a sample map when there is no file; raises MapFileError."""
    if file is None:
        return Document(scratch_map(), None)
    path = Path(file)
    if path.exists() or path.is_symlink():
        return Document.open(path)
    from cxtui.fileformat import Problem
    from cxtui.templates import load_template, title_from_file_name

    if not path.parent.is_dir() and str(path.parent) != "":
        raise MapFileError([Problem(0, 0, "its folder does not exist", file)])
    return Document(load_template(template, title_from_file_name(path.name)), path)


def read_settings(*, check_theme: bool = True) -> Settings:
    """The user's settings (the config file), checked against the editor's keys and the
    templates, and Textual's themes if `check_theme` (which imports Textual)."""
    from cxtui.config import read_settings as read
    from cxtui.templates import TEMPLATES
    from cxtui.tui.keys import PALETTE, default_keymap

    themes = None
    if check_theme:
        from textual.theme import BUILTIN_THEMES

        themes = tuple(BUILTIN_THEMES)
    return read(actions=default_keymap(), templates=TEMPLATES, themes=themes, palette=PALETTE)


def needs_a_terminal() -> bool:
    """Whether the editor would have no terminal to draw on: standard input or output is
    not one, and no other Textual driver (a browser's, through textual-serve) was chosen."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return False
    return not sys.stdin.isatty() or not sys.stdout.isatty()


def did_not_open(file: str | None, error: MapFileError) -> int:
    """Say why `file` did not open (and what saves cut short left beside it); returns 1."""
    for problem in error.problems:
        print(f"cxtui: {problem}", file=sys.stderr)
    if file is not None:
        for copy in interrupted_saves(file):
            print(f"cxtui: {escaped(interrupted_save_message(file, copy))}", file=sys.stderr)
    return 1


def run_editor(file: str | None) -> int:
    """Open `file` in the editor (a folder: its library); returns the exit code."""
    root = outside_root(Path(file)) if file is not None else None
    if root is not None and file is not None:  # served: nothing outside the served folder
        print(f"cxtui: {escaped(refusal(Path(file), root))}", file=sys.stderr)
        return 1
    settings = read_settings()
    folder = Path(file) if file is not None and Path(file).is_dir() else None
    document: Document | None = None
    without_terminal = needs_a_terminal()
    try:
        if folder is None:
            document = open_document(file, settings.default_template)
            if without_terminal:
                document.finish_loading()  # a file's problems come before "needs a terminal"
    except MapFileError as error:
        return did_not_open(file, error)
    if without_terminal:
        print(
            "cxtui: the editor needs a terminal (use `cxtui print FILE` for a pipe)",
            file=sys.stderr,
        )
        return 1
    # No collections until the first frame, after which the app resumes them (cxtui.start
    # pauses them already; this is for callers that did not come through it).
    gc_pause.pause()
    from cxtui.tui.app import CxtuiApp

    app = CxtuiApp(document, folder=folder, settings=settings)
    app.run()
    if app.load_error is not None:  # the whole file, read after its preview was painted
        return did_not_open(file, app.load_error)
    if app.crashed or app.return_code:
        app.write_recovery_copy()  # an unexpected error: keep the unsaved edits
        return app.return_code or 1
    return 0
