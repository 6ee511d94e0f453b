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

from cxtui import __version__, gc_pause
from cxtui.fileformat import MapFileError, SaveError, read_map, read_text, write_atomic
from cxtui.model import JourneyMap, ModelError
from cxtui.text import escaped

COMMANDS = (
    "edit", "new", "templates", "validate", "print", "export", "import", "diff", "merge",
    "git-setup", "log", "votes",
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
    """Write `text` to `out` atomically (standard output for None or ``-``).

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
        write_atomic(out, text)
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
    from cxtui.templates import load_template

    try:
        m = load_template(args.template, args.title or title_from_file_name(args.file))
    except ModelError as error:
        raise CliError(f"--title: {error}") from None
    _write_output(_savable_text(m, args.file), args.file, force=args.force)
    if args.file != "-":  # standard output holds the map itself
        print(f"wrote {args.file} from template {args.template!r} ({_counts(m)})")
    return 0


def title_from_file_name(file: str) -> str:
    """A map title from its file name: ``my-trip.toml`` → ``My trip``, case otherwise kept."""
    words = " ".join(Path(file).stem.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] or "Customer journey"


def _counts(m: JourneyMap) -> str:
    return f"{plural(len(m.phases), 'phase')}, {plural(len(m.lanes), 'lane')}"


def cmd_templates(args: argparse.Namespace) -> int:
    from cxtui.templates import TEMPLATES

    width = max(len(name) for name in TEMPLATES)
    for name, description in TEMPLATES.items():
        print(f"{name:<{width}}  {description}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from cxtui.fileformat import conflict_problems, loads

    failed = 0
    for file in args.files:
        try:
            text = read_text(file)
            m = loads(text, file)
        except MapFileError as error:
            failed += 1
            _say_error(str(error))
            continue
        if m.conflicts:  # a valid map, but a merge left choices to make (git's convention)
            failed += 1
            _say_error("\n".join(map(str, conflict_problems(m, text, file))))
            continue
        if not args.quiet:
            print(f"{file}: ok ({_counts(m)})")
    return 1 if failed else 0


def cmd_print(args: argparse.Namespace) -> int:
    from rich.console import Console

    from cxtui.render import MapView

    m = read_map(args.file)
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
    console.print(MapView(m))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cxtui.interchange import exporter

    m = read_map(args.file)
    _write_output(exporter(args.to)(m), args.output, force=args.force, source=args.file)
    return 0


def _import_map(source: str, fmt: str | None) -> JourneyMap:
    from cxtui.interchange import IMPORT_SUFFIXES, import_formats, importer

    if fmt is None:
        fmt = IMPORT_SUFFIXES.get(Path(source).suffix.lower())
        if fmt is None:
            raise CliError(
                f"{source}: cannot tell the format from the name; "
                f"say it with --from ({', '.join(import_formats())})"
            )
    return importer(fmt)(read_text(source), source)


def cmd_import(args: argparse.Namespace) -> int:
    m = _import_map(args.source, args.source_format)
    _write_output(_savable_text(m, args.output), args.output, force=args.force, source=args.source)
    if args.output not in (None, "-"):
        print(f"wrote {args.output} ({_counts(m)})")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cxtui.diff import diff_maps, format_diff
    from cxtui.revisions import RevisionError, read_map_spec

    try:
        before, after = read_map_spec(args.old), read_map_spec(args.new)
    except RevisionError as error:
        raise CliError(str(error)) from None
    changes = diff_maps(before, after)
    sys.stdout.write(format_diff(changes, before, after, args.to, args.old, args.new))
    return 1 if changes else 0


def cmd_merge(args: argparse.Namespace) -> int:
    from cxtui.fileformat import conflict_problems
    from cxtui.merge import merge_maps

    files = (args.base, args.ours, args.theirs)
    if any(not _is_cxtui_map(f) for f in files if not _is_empty(f)):
        return _merge_text(args)  # another TOML file (pyproject.toml): git's own merge
    base = None if _is_empty(args.base) else read_map(args.base)
    ours, theirs = read_map(args.ours), read_map(args.theirs)
    try:
        merged = merge_maps(base, ours, theirs)
    except ModelError as error:
        raise CliError(f"{args.ours}: cannot merge: {error}") from None
    out = args.output or args.ours
    text = _savable_text(merged, out)
    if out == "-":
        sys.stdout.write(text)
    else:
        try:
            write_atomic(out, text)
        except SaveError as error:
            raise CliError(str(error.strerror or error)) from None
    if merged.conflicts:
        name = args.ours if out == "-" else out
        _say_error("\n".join(map(str, conflict_problems(merged, text, name))))
        return 1
    return 0


def _is_empty(file: str) -> bool:
    """Whether `file` is empty (git's %O when the sides share no ancestor)."""
    try:
        return os.path.getsize(file) == 0
    except OSError:
        return False


def _is_cxtui_map(file: str) -> bool:
    """Whether `file` reads as TOML holding ``cxtui = N`` (a map, valid or not); a file that
    does not read at all counts as a map, so that its problems are reported."""
    import tomllib

    try:
        document = tomllib.loads(read_text(file))
    except (MapFileError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return True
    return "cxtui" in document


def _merge_text(args: argparse.Namespace) -> int:
    """Merge files that are not maps line by line, with `git merge-file`."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        raise CliError(f"{args.ours}: not a cxtui map, and git is not installed to merge it")
    command = [git, "merge-file", "-L", "ours", "-L", "base", "-L", "theirs"]
    if args.output == "-":
        command.append("-p")
    elif args.output:
        shutil.copyfile(args.ours, args.output)
    target = args.output if args.output and args.output != "-" else args.ours
    result = subprocess.run([*command, target, args.base, args.theirs], check=False)
    return 0 if result.returncode == 0 else 1 if result.returncode > 0 else 2


def cmd_log(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from cxtui.render import sparkline
    from cxtui.revisions import RevisionError, commits, map_in
    from cxtui.text import clean_line

    try:
        top, found = commits(args.file)
    except RevisionError as error:
        raise CliError(str(error)) from None
    maps = [map_in(top, commit) for commit in found]
    console = Console(
        no_color=args.no_color or None,
        color_system=None if args.no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,
    )
    for n, commit in enumerate(found):
        m, older = maps[n], maps[n + 1] if n + 1 < len(maps) else None
        line = Text(f"{commit.date}  {commit.sha[:8]}  ")
        line.append_text(sparkline(m) if m is not None else Text("(no map)"))
        line.append(f"  {_change_counts(older, m)}  ")
        line.append(f"{clean_line(commit.author)}: {clean_line(commit.subject)}")
        console.print(line)
    return 0


def _change_counts(before: JourneyMap | None, after: JourneyMap | None) -> str:
    """``2 phases, 5 notes changed`` from `before` to `after` (None: no map)."""
    from cxtui.diff import (
        EmotionChanged,
        NotesChanged,
        PhaseAdded,
        PhaseMoved,
        PhaseRemoved,
        PhaseRenamed,
        StageChanged,
        diff_maps,
    )

    if after is None:
        return "map deleted or not valid"
    if before is None:
        notes = sum(len(v) for p in after.phases for v in p.cells.values())
        return f"new: {plural(len(after.phases), 'phase')}, {plural(notes, 'note')}"
    phases: set[tuple[str, int]] = set()
    notes = 0
    for change in diff_maps(before, after):
        if isinstance(change, PhaseAdded | PhaseRemoved):
            phases.add((type(change).__name__, change.index))
            notes += sum(len(v) for v in change.phase.cells.values())
        elif isinstance(change, PhaseMoved):
            phases.add(("", change.after_index))
        elif isinstance(change, PhaseRenamed | EmotionChanged | StageChanged):
            phases.add(("", change.index))
        elif isinstance(change, NotesChanged):
            phases.add(("", change.index))
            notes += len(change.added) + len(change.removed)
    return f"{plural(len(phases), 'phase')}, {plural(notes, 'note')} changed"


def cmd_votes(args: argparse.Namespace) -> int:
    from cxtui.revisions import RevisionError, read_map_spec
    from cxtui.text import clean_line

    try:
        m = read_map_spec(args.file)
    except RevisionError as error:
        raise CliError(str(error)) from None
    titles = {lane.key: lane.title for lane in m.lanes}
    ranked = [
        (len(voters), n, phase.title, titles.get(lane, lane), note, voters)
        for n, phase in enumerate(m.phases)
        for (lane, note), voters in phase.votes.items()
        if note in phase.notes(lane)
    ]
    ranked.sort(key=lambda row: (-row[0], row[1]))
    if not ranked:
        print(f"{args.file}: no votes yet")
        return 0
    width = len(str(ranked[0][0]))
    for count, _, phase_title, lane_title, note, voters in ranked:
        where = clean_line(f"{phase_title} · {lane_title}")
        print(f"{count:>{width}}  {where}: {clean_line(note)}  ({', '.join(voters)})")
    return 0


GITATTRIBUTES_LINE = "*.toml merge=cxtui"


def cmd_git_setup(args: argparse.Namespace) -> int:
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        raise CliError("git is not installed")
    top = subprocess.run(
        [git, "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
    )
    if top.returncode != 0:
        raise CliError(f"{os.getcwd()}: not in a git repository")
    line = f"{args.pattern} merge=cxtui"
    attributes = Path(top.stdout.strip()) / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in existing.splitlines():
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        with open(attributes, "a", encoding="utf-8") as stream:
            stream.write(f"{prefix}{line}\n")
        print(f"added to {attributes}: {line}")
    for key, value in (
        ("merge.cxtui.name", "cxtui journey maps"),
        ("merge.cxtui.driver", "cxtui merge %O %A %B"),
    ):
        subprocess.run([git, "config", key, value], check=True)
        print(f'git config {key} "{value}"')
    return 0


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
    parser.add_argument("--version", action="version", version=f"cxtui {__version__}")
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
    p = sub.add_parser("validate", help="check map files; every problem as FILE:LINE:COL")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    p.set_defaults(run=cmd_validate)


def _add_print(sub: _SubParsers) -> None:
    p = sub.add_parser("print", help="render a map to the terminal or a pipe")
    p.add_argument("file")
    p.add_argument("--width", "-w", type=_positive_int, help="columns (default: the terminal's)")
    p.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR works too)")
    p.set_defaults(run=cmd_print)


def _add_export(sub: _SubParsers) -> None:
    from cxtui.interchange import export_formats

    p = sub.add_parser("export", help="write a map in another format")
    p.add_argument("file")
    p.add_argument("--to", required=True, choices=export_formats(), help="the format")
    p.add_argument(
        "--output", "-o", help="output file (default: standard output); never the input file"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
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
    p.add_argument("old", metavar="A", help="a map file, or FILE@REV (git: map.toml@HEAD~3)")
    p.add_argument("new", metavar="B", help="a map file, or FILE@REV")
    p.add_argument("--to", choices=("text", "md"), default="text", help="output format")
    p.set_defaults(run=cmd_diff, error_status=2)


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
    "merge": _add_merge,
    "git-setup": _add_git_setup,
    "log": _add_log,
    "votes": _add_votes,
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
