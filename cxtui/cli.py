"""The command line: ``cxtui [FILE]`` opens the editor; sub-commands work without it.

Exit codes: 0 success, 1 bad input (a message on stderr beginning ``cxtui: ``),
2 usage. `diff` follows GNU diff instead: 0 same, 1 different, 2 trouble.
Textual is imported only when the editor opens.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeAlias

import cxtui
from cxtui import gc_pause
from cxtui.fileformat import MapFileError, SaveError, read_map, read_text
from cxtui.model import JourneyMap, ModelError
from cxtui.saving import write_file
from cxtui.text import escaped

COMMANDS = (
    "edit", "new", "templates", "validate", "print", "export", "import", "diff", "ls", "search",
)  # fmt: skip


class CliError(Exception):
    """A failure to report as ``cxtui: message`` with exit code 1."""


#: The narrowest `cxtui print` draws a map (``--width``, or the terminal's, or $COLUMNS).
MIN_PRINT_WIDTH = 20


def _say_error(message: str) -> None:
    for line in message.split("\n"):
        print(f"cxtui: {escaped(line)}", file=sys.stderr)


def plural(count: int, word: str) -> str:
    """``1 phase``, ``2 phases``: `count` and `word`, in the plural unless it is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _same_file(a: str, b: str) -> bool:
    """Whether `a` and `b` name one file (through links too); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _write_output(
    text: str, out: str | None, *, force: bool = False, source: str | None = None
) -> None:
    """Write `text` to `out` (:mod:`cxtui.saving`; standard output for None or ``-``).

    Refuses (CliError) when `out` is the `source` file, or exists without `force`.
    """
    if out is None or out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if source is not None and _same_file(source, out):
        raise CliError(f"{out}: is the input file; refusing to overwrite it")
    if os.path.isdir(out):
        raise CliError(f"{out}: is a folder; give a file name for the output")
    if not force and os.path.lexists(out):
        raise CliError(f"{out}: already exists (use --force to overwrite it)")
    try:
        write_file(out, text)
    except SaveError as error:
        raise CliError(str(error.strerror or error)) from None


# -- commands ----------------------------------------------------------------


def cmd_edit(args: argparse.Namespace) -> int:
    from cxtui.tui.launch import run_editor

    return run_editor(args.file)


def _savable_text(m: JourneyMap, out: str | None) -> str:
    """`m` as file text, or CliError if the file could not be opened again."""
    from cxtui.fileformat import check_savable, dumps

    problems = check_savable(m)
    if problems:
        raise CliError(f"{out or '-'}: cannot write this map: {problems[0]}")
    return dumps(m)


def cmd_new(args: argparse.Namespace) -> int:
    from cxtui.templates import load_template, title_from_file_name

    try:
        m = load_template(args.template, args.title or title_from_file_name(args.file))
    except ModelError as error:
        raise CliError(f"--title: {error}") from None
    _write_output(_savable_text(m, args.file), args.file, force=args.force)
    if args.file != "-":  # standard output holds the map itself
        print(f"wrote {args.file} from template {args.template!r} ({_counts(m)})")
    return 0


def _counts(m: JourneyMap) -> str:
    return f"{plural(len(m.phases), 'phase')}, {plural(len(m.lanes), 'lane')}"


def cmd_templates(args: argparse.Namespace) -> int:
    from cxtui.templates import TEMPLATES

    width = max(len(name) for name in TEMPLATES)
    for name, description in TEMPLATES.items():
        print(f"{name:<{width}}  {description}")
    return 0


def _map_files(names: list[str]) -> list[str]:
    """`names`, each folder among them replaced by the map files under it."""
    from cxtui.library import map_files

    files: list[str] = []
    for name in names:
        if os.path.isdir(name):
            found = [str(path) for path in map_files(Path(name))]
            if not found:
                raise CliError(f"{name}: no map files in this folder")
            files += found
        else:
            files.append(name)
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    from cxtui.fileformat import loads, read_text
    from cxtui.library import link_problems

    failed = 0
    checked: dict[Path, str | None] = {}
    for file in _map_files(args.files):
        try:
            text = read_text(file)
            m = loads(text, file)
        except MapFileError as error:
            failed += 1
            _say_error(str(error))
            continue
        broken_links = link_problems(Path(file), m, text, checked)
        if broken_links:
            failed += 1
            _say_error(str(MapFileError(broken_links)))
            continue
        if not args.quiet:
            print(f"{file}: ok ({_counts(m)})")
    return 1 if failed else 0


def _library_folder(name: str) -> Path:
    folder = Path(name)
    if not folder.is_dir():
        raise CliError(f"{name}: not a folder")
    return folder


def cmd_ls(args: argparse.Namespace) -> int:
    import json

    from cxtui.library import hierarchy, link_target, pain_points, read_library
    from cxtui.render import emotion_glyph

    folder = _library_folder(args.folder)
    entries = list(read_library(folder))
    rows: dict[Path, dict[str, object]] = {}
    for entry in entries:
        m = entry.journey
        row: dict[str, object] = {"file": entry.name, "modified": round(entry.modified)}
        if m is None:
            row["problems"] = [str(problem) for problem in entry.problems]
        else:
            row |= {
                "title": m.title,
                "kind": m.kind,
                "persona": m.persona.name if m.persona else None,
                "persona_file": m.persona_file,
                "phases": len(m.phases),
                "pain_points": pain_points(m),
                "emotions": [phase.emotion for phase in m.phases],
                "curve": "".join(emotion_glyph(p.emotion, m.scale) for p in m.phases),
                "links": [
                    {
                        "phase": phase.title,
                        "link": phase.link,
                        "file": os.path.relpath(link_target(entry.path, phase.link), folder),
                    }
                    for phase in m.phases
                    if phase.link is not None
                ],
            }
        rows[entry.path] = row
    if args.format == "json":
        maps = list(rows.values())
        print(json.dumps({"folder": str(folder), "maps": maps}, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        raise CliError(f"{args.folder}: no map files in this folder")
    tree = hierarchy(entries)
    names = [("  " * depth + ("↳ " if depth else "")) + entry.name for depth, entry, _ in tree]
    width = max(len(name) for name in names)
    for name, (_, entry, via) in zip(names, tree, strict=True):
        row = rows[entry.path]
        shown = escaped(name).ljust(width)
        if "problems" in row:
            problems = row["problems"]
            assert isinstance(problems, list)
            print(f"{shown}  does not load: {problems[0]}")
            continue
        persona = escaped(f" · {row['persona']}") if row["persona"] else ""
        title = escaped(str(row["title"]))
        from_phase = escaped(f" · from “{via}”") if via else ""
        print(
            f"{shown}  {row['curve']}  {title} · {row['kind']}{persona}"
            f" · {plural(int(str(row['phases'])), 'phase')}"
            f", {plural(int(str(row['pain_points'])), 'pain point')}{from_phase}"
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from cxtui.library import read_library, search_entry

    folder = _library_folder(args.folder)
    found = 0
    for entry in read_library(folder):
        for match in search_entry(entry, args.query):
            found += 1
            print(escaped(str(match)))
    return 0 if found else 1


def cmd_print(args: argparse.Namespace) -> int:
    from rich.console import Console

    from cxtui.render import MapView, keeping_skin_tones

    m = read_map(args.file)
    if args.linear or args.format == "linear":
        from cxtui import linear

        sys.stdout.write(linear.dumps(m))
        sys.stdout.flush()
        return 0
    console = Console(
        width=args.width,
        no_color=args.no_color or None,
        color_system=None if args.no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )
    if console.width < MIN_PRINT_WIDTH:  # COLUMNS=0, or a very narrow terminal
        console.width = MIN_PRINT_WIDTH
    with keeping_skin_tones():
        console.print(MapView(m))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cxtui.interchange import exporter

    if args.linear and args.to != "md":
        raise CliError(f"--linear: works with --to md (a page read phase by phase), not {args.to}")
    if os.path.isdir(args.file):
        return _export_site(args)
    m = read_map(args.file)
    if args.linear:
        from cxtui.interchange.markdown import dumps_linear

        text = dumps_linear(m)
    else:
        text = exporter(args.to)(m)
    _write_output(text, args.output, force=args.force, source=args.file)
    return 0


def _export_site(args: argparse.Namespace) -> int:
    """`cxtui export DIR --to html -o SITE`: a page per map and an index page."""
    from cxtui.interchange.html_site import site_pages
    from cxtui.library import read_library
    from cxtui.saving import write_file

    if args.to != "html":
        raise CliError(f"{args.file}: a folder exports only --to html (a site), not {args.to}")
    if not args.output:
        raise CliError(f"{args.file}: a folder exports to a folder: give -o SITE")
    folder = Path(args.file)
    entries = list(read_library(folder))
    if not entries:
        raise CliError(f"{args.file}: no map files in this folder")
    broken = [problem for entry in entries for problem in entry.problems]
    if broken:
        for problem in broken:
            _say_error(str(problem))
        return 1
    site = Path(args.output)
    if site.exists() and not site.is_dir():
        raise CliError(f"{args.output}: not a folder")
    pages = site_pages(folder, entries)
    existing = [name for name in pages if (site / name).exists()]
    if existing and not args.force:
        raise CliError(f"{site / existing[0]}: exists (use --force to overwrite)")
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        write_file(site / name, text)
    print(f"wrote {plural(len(pages), 'page')} to {site}", file=sys.stderr)
    return 0


def _import_map(source: str, fmt: str | None) -> JourneyMap:
    from cxtui.interchange import IMPORT_SUFFIXES, import_formats, importer_with_notices

    if fmt is None:
        fmt = IMPORT_SUFFIXES.get(Path(source).suffix.lower())
        if fmt is None:
            raise CliError(
                f"{source}: cannot tell the format from the name; "
                f"say it with --from ({', '.join(import_formats())})"
            )
    m, notices = importer_with_notices(fmt)(read_text(source), source)
    for notice in notices:
        print(escaped(f"cxtui: {source}: {notice}"), file=sys.stderr)
    return m


def cmd_import(args: argparse.Namespace) -> int:
    m = _import_map(args.source, args.source_format)
    _write_output(_savable_text(m, args.output), args.output, force=args.force, source=args.source)
    if args.output not in (None, "-"):
        print(f"wrote {args.output} ({_counts(m)})")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cxtui.diff import diff_maps, format_diff

    before, after = read_map(args.old), read_map(args.new)
    changes = diff_maps(before, after)
    sys.stdout.write(format_diff(changes, before, after, args.to, args.old, args.new))
    return 1 if changes else 0


# -- parsing -----------------------------------------------------------------


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of `cxtui`; with `command`, it knows that sub-command alone (a
    run uses one, and building them all costs ~10 ms at start-up)."""
    parser = argparse.ArgumentParser(
        prog="cxtui",
        description="A keyboard-first terminal editor for customer journey maps.",
        epilog="`cxtui FILE` opens FILE in the editor (created from the basic template on "
        "first save if it does not exist); `cxtui` alone opens a scratch copy of a sample map.",
    )
    parser.add_argument("--version", action="version", version=f"cxtui {cxtui.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _SUB_COMMANDS.items():
        if command in (None, name):
            add(sub)
    return parser


_SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


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
        default="basic",
        choices=tuple(TEMPLATES),
        metavar="NAME",
        help=f"template name, one of: {', '.join(TEMPLATES)} (default: basic); "
        "`cxtui templates` describes them",
    )
    p.add_argument("--title", help="the map's title (default: from the file name)")
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
    p.set_defaults(run=cmd_print)


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
    p.set_defaults(run=cmd_export)


def _add_import(sub: _SubParsers) -> None:
    from cxtui.interchange import import_formats

    p = sub.add_parser("import", help="make a map file from another format")
    p.add_argument("source")
    p.add_argument(
        "--output", "-o", required=True, help="the map file to write (`-`: standard output)"
    )
    p.add_argument(
        "--from", dest="source_format", choices=import_formats(), help="(default: by name)"
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
    p.add_argument("old", metavar="A")
    p.add_argument("new", metavar="B")
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


#: Each sub-command (in the order `cxtui --help` lists them) and what adds its parser.
_SUB_COMMANDS: dict[str, Callable[[_SubParsers], None]] = {
    "edit": _add_edit,
    "new": _add_new,
    "templates": _add_templates,
    "validate": _add_validate,
    "print": _add_print,
    "export": _add_export,
    "import": _add_import,
    "diff": _add_diff,
    "ls": _add_ls,
    "search": _add_search,
}


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < MIN_PRINT_WIDTH:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_PRINT_WIDTH}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "edit")
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else None)
    args = parser.parse_args(args_list)
    run: Callable[[argparse.Namespace], int] = args.run
    error_status: int = getattr(args, "error_status", 1)
    if run is not cmd_edit:
        gc_pause.resume()  # the editor resumes it after its first frame
    try:
        return run(args)
    except MapFileError as error:
        _say_error(str(error))
    except CliError as error:
        _say_error(str(error))
    except BrokenPipeError:
        # the reader went away (`cxtui print map.toml | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    return error_status
