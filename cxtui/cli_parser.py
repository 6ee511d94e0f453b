"""The command line's parser: `cxtui`'s options and each sub-command's arguments.

Apart from :mod:`cxtui.cli` (whose commands it runs) so that ``cxtui FILE``, the editor,
starts without argparse (~3 ms of imports).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any, TypeAlias

import cxtui
from cxtui.cli import (
    MIN_PRINT_WIDTH,
    cmd_config,
    cmd_diff,
    cmd_edit,
    cmd_export,
    cmd_git_setup,
    cmd_import,
    cmd_insights,
    cmd_log,
    cmd_ls,
    cmd_merge,
    cmd_new,
    cmd_print,
    cmd_search,
    cmd_serve,
    cmd_templates,
    cmd_validate,
    cmd_votes,
)
from cxtui.text import escaped


class _ShowVersion(argparse.Action):
    """`--version`: argparse's "version" action, reading the version (the package's
    metadata, ~20 ms) only when asked for it, not for every command line."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        with contextlib.suppress(AttributeError, OSError):  # as argparse: no stdout, a full disk
            sys.stdout.write(f"cxtui {cxtui.__version__}\n")
        parser.exit()


def _epilog() -> str:
    from cxtui.config import config_path  # (not imported by the commands that run)

    return (
        "`cxtui FILE` opens FILE in the editor (created from the default template on "
        "first save if it does not exist); `cxtui DIR` opens the library of every map under "
        "DIR; `cxtui` alone opens a scratch copy of a sample map. "
        f"Settings: {escaped(os.fspath(config_path()))} (`cxtui config` shows them)."
    )


def _terminal_columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` finds it (``COLUMNS``,
    then standard output's terminal, else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, told the width (argparse makes one for every argument
    it adds, and without a width each imported :mod:`shutil`, with bz2 and lzma)."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
        width: int | None = None,
    ) -> None:  # fmt: skip
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _ArgumentParser(argparse.ArgumentParser):
    """An argument parser (and sub-command parser) with :class:`_HelpFormatter`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of `cxtui`; with `command`, it knows that sub-command alone (a
    run uses one, and building them all costs ~10 ms at start-up)."""
    parser = _ArgumentParser(
        prog="cxtui",
        description="A keyboard-first terminal editor for customer journey maps.",
        epilog=_epilog() if command is None else None,  # (only `cxtui --help` shows it)
    )
    parser.add_argument("--version", action=_ShowVersion)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _SUB_COMMANDS.items():
        if command in (None, name):
            add(sub)
    return parser


_SubParsers: TypeAlias = "argparse._SubParsersAction[_ArgumentParser]"


def _add_edit(sub: _SubParsers) -> None:
    p = sub.add_parser("edit", help="open a map in the editor (the default command)")
    p.add_argument("file", nargs="?", help="the map file (TOML)")
    p.set_defaults(run=cmd_edit)


def _add_new(sub: _SubParsers) -> None:
    from cxtui.templates import TEMPLATES

    p = sub.add_parser("new", help="write a new map from a template")
    p.add_argument("file", help="the map file to write (must not exist, unless --force)")
    p.add_argument(
        "--template",
        "-t",
        choices=tuple(TEMPLATES),
        metavar="NAME",
        help=f"template name, one of: {', '.join(TEMPLATES)} (default: the config file's "
        "default_template, or basic); `cxtui templates` describes them",
    )
    p.add_argument("--title", help="the map's title (default: from the file name)")
    p.add_argument(
        "--from",
        dest="source",
        metavar="NOTES",
        help="draft the map from NOTES (a Markdown outline, or any file `cxtui import` reads); "
        "the template gives the lanes",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=cmd_new)


def _add_templates(sub: _SubParsers) -> None:
    p = sub.add_parser("templates", help="list the bundled templates")
    p.set_defaults(run=cmd_templates)


def _add_validate(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "validate", help="check map files (or every map under a folder); problems as FILE:LINE:COL"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a map file, or a folder of maps")
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    p.set_defaults(run=cmd_validate)


def _add_print(sub: _SubParsers) -> None:
    p = sub.add_parser("print", help="render a map to the terminal or a pipe")
    p.add_argument("file")
    p.add_argument("--width", "-w", type=_positive_int, help="columns (default: the terminal's)")
    p.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR works too)")
    p.add_argument(
        "--format",
        choices=("table", "linear"),
        default="table",
        help="table: phases side by side (default); linear: phase by phase in plain "
        "sentences, for screen readers and speech",
    )
    p.add_argument("--linear", action="store_true", help="the same as --format linear")
    p.add_argument(
        "--insights",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="add what the map says (docs/insights.md) after the map (default: not)",
    )
    p.add_argument("--against", metavar="OTHER", help="draw OTHER's emotion curve under the map's")
    p.set_defaults(run=cmd_print)


def _add_insights(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "insights",
        help="what the map says: worst moment, drops, pain with no plan (docs/insights.md)",
        description="Read a map: its lowest and highest moments, sharp drops and rises, "
        "pain points with no improvement planned, and more (docs/insights.md). Exit 0, or "
        "1 for bad input, or with --check 1 when a pain point has no improvement planned.",
    )
    p.add_argument("file", help="the map, or FILE@REV: as it was in git (map.toml@HEAD~3)")
    p.add_argument(
        "--against",
        metavar="OTHER",
        help="compare with OTHER, the future state of FILE (OTHER@REV: as it was in git)",
    )
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a phase has pain and no improvement planned (with --against: in OTHER)",
    )
    p.set_defaults(run=cmd_insights)


def _add_export(sub: _SubParsers) -> None:
    from cxtui.interchange import export_formats

    p = sub.add_parser(
        "export", help="write a map in another format (a folder: --to html -o SITE, a site)"
    )
    p.add_argument("file", help="a map file, or a folder of maps (with --to html -o SITE)")
    p.add_argument("--to", required=True, choices=export_formats(), help="the format")
    p.add_argument(
        "--output", "-o", help="output file (default: standard output); never the input file"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument(
        "--linear",
        action="store_true",
        help="with --to md: the map phase by phase, a heading each (for screen readers)",
    )
    p.add_argument(
        "--no-insights",
        dest="insights",
        action="store_false",
        help="leave out the 'What the map says' section of md and html",
    )
    p.add_argument(
        "--against",
        metavar="FUTURE",
        help="with --to html or md: compare with FUTURE, the future state of the map "
        "(html draws both curves one over the other; both give each phase's move)",
    )
    p.set_defaults(run=cmd_export)


def _add_import(sub: _SubParsers) -> None:
    from cxtui.interchange import import_formats
    from cxtui.templates import TEMPLATES

    p = sub.add_parser("import", help="make a map file from another format")
    p.add_argument("source")
    p.add_argument(
        "--output", "-o", required=True, help="the map file to write (`-`: standard output)"
    )
    p.add_argument(
        "--from", dest="source_format", choices=import_formats(), help="(default: by name)"
    )
    p.add_argument(
        "--template",
        "-t",
        default="basic",
        choices=tuple(TEMPLATES),
        metavar="NAME",
        help="for an outline: the template whose lanes the bullets go to (default: basic)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.set_defaults(run=cmd_import)


def _add_diff(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "diff",
        help="compare two maps (exit 0 same, 1 different, 2 trouble)",
        description="Compare two maps. Exit status, as GNU diff's: 0 when they are the same, "
        "1 when they differ, 2 on trouble (a file that is missing or not a valid map).",
    )
    p.add_argument("old", metavar="A", help="a map file, or FILE@REV (git: map.toml@HEAD~3)")
    p.add_argument("new", metavar="B", help="a map file, or FILE@REV")
    p.add_argument("--to", choices=("text", "md"), default="text", help="output format")
    p.set_defaults(run=cmd_diff, error_status=2)


def _add_ls(sub: _SubParsers) -> None:
    p = sub.add_parser("ls", help="list the maps under a folder, one a line, with their curves")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(run=cmd_ls)


def _add_search(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "search",
        help="find text in every map under a folder (FILE:LINE:COL: phase / lane: note)",
        description="Search the titles, notes and personas of every map under DIR, case "
        "insensitively. One match a line, as FILE:LINE:COL: where: text. Exit status, as "
        "grep's: 0 when something matched, 1 when nothing did, 2 on trouble.",
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("query", metavar="QUERY")
    p.set_defaults(run=cmd_search, error_status=2)


def _add_config(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "config",
        help="show the config file's path and the settings in force",
        description="Show where the config file is, whether it exists, and the settings in "
        "force: theme, user, default_template and the remapped keys. Problems in the file go "
        "to stderr (exit 1). See docs/config.md.",
    )
    p.set_defaults(run=cmd_config)


def _add_merge(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "merge",
        help="three-way merge of maps, as git's merge driver (exit 0 clean, 1 conflicts, "
        "2 trouble)",
        description="Merge the changes from BASE to THEIRS into OURS, through the map "
        "(phases by id, lanes by key, cell by cell), as `git merge-file` does: the result "
        "replaces OURS unless -o says otherwise. Conflicts keep both sides in the map's "
        "[[conflicts]] tables; `cxtui validate` lists them. Files that are not cxtui maps "
        "are merged by `git merge-file`. Exit 0 clean, 1 conflicts, 2 trouble.",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor (empty: none)")
    p.add_argument("ours", metavar="OURS", help="our version; the result goes here")
    p.add_argument("theirs", metavar="THEIRS", help="their version")
    p.add_argument("--output", "-o", help="write the result here instead (`-`: standard output)")
    p.set_defaults(run=cmd_merge, error_status=2)


def _add_git_setup(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "git-setup",
        help="make git merge maps with `cxtui merge` in this repository",
        description="Add `PATTERN merge=cxtui` to the repository's .gitattributes and set "
        'git config merge.cxtui.driver "cxtui merge %%O %%A %%B".',
    )
    p.add_argument("--pattern", default="*.toml", help="which files are maps (default: *.toml)")
    p.set_defaults(run=cmd_git_setup)


def _add_log(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "log",
        help="the commits that changed a map, with its emotion curve at each",
        description="List each git commit that changed FILE (newest first): date, commit, "
        "the emotion curve then, how many phases and notes changed, author and subject. "
        "`cxtui diff FILE@REV FILE` shows what changed since one.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR works too)")
    p.set_defaults(run=cmd_log)


def _add_votes(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "votes",
        help="the notes of a map ranked by votes, with who voted",
        description="List the notes that have votes, most first, with the phase, lane and "
        "voters (FILE@REV reads the map as it was in git).",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=cmd_votes)


def _add_serve(sub: _SubParsers) -> None:
    p = sub.add_parser(
        "serve",
        help="the editor in a browser, for a workshop (needs cxtui[web]; docs/serve.md)",
        description="Serve the editor of FILE (or the library of DIR) to web browsers through "
        "textual-serve. Open the printed URL: it holds a token, and requests without it are "
        "refused. Each browser tab is an editor of its own; served editors read and write "
        "maps only under the served folder.",
    )
    p.add_argument("target", nargs="?", default=".", metavar="FILE|DIR", help="(default: .)")
    p.add_argument("--port", type=_port, default=8000, help="(default: 8000)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    p.set_defaults(run=cmd_serve)


#: Each sub-command (in the order `cxtui --help` lists them) and what adds its parser.
_SUB_COMMANDS: dict[str, Callable[[_SubParsers], None]] = {
    "edit": _add_edit,
    "new": _add_new,
    "templates": _add_templates,
    "validate": _add_validate,
    "print": _add_print,
    "insights": _add_insights,
    "export": _add_export,
    "import": _add_import,
    "diff": _add_diff,
    "ls": _add_ls,
    "search": _add_search,
    "config": _add_config,
    "merge": _add_merge,
    "git-setup": _add_git_setup,
    "log": _add_log,
    "votes": _add_votes,
    "serve": _add_serve,
}


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is from 1 to 65535")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < MIN_PRINT_WIDTH:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_PRINT_WIDTH}")
    return value
