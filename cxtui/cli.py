"""The command line: ``cxtui [FILE]`` opens the editor; sub-commands work without it.

Exit codes: 0 success, 1 bad input (a message on stderr beginning ``cxtui: ``),
2 usage. `diff` follows GNU diff instead: 0 same, 1 different, 2 trouble.
Textual is imported only when the editor opens (and by `config`, for the theme names).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import cxtui
from cxtui import gc_pause
from cxtui.fileformat import MapFileError, SaveError, read_map, read_text
from cxtui.model import JourneyMap, ModelError, kind_name
from cxtui.saving import write_file
from cxtui.text import escaped

if TYPE_CHECKING:
    from cxtui.config import Settings

COMMANDS = (
    "edit", "new", "templates", "validate", "print", "insights", "export", "import", "diff",
    "ls", "search", "config", "merge", "git-setup", "log", "votes", "serve",
)  # fmt: skip


class CliError(Exception):
    """A failure to report as ``cxtui: message`` with exit code 1."""


#: Export formats with a "What the map says" section (``--no-insights`` leaves it out).
INSIGHT_FORMATS = ("md", "html")

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
    from cxtui.fileformat import savable_text

    text, problems = savable_text(m)
    if problems:
        raise CliError(f"{out or '-'}: cannot write this map: {problems[0]}")
    return text


def read_settings(*, check_theme: bool = False) -> Settings:
    """The user's settings (the config file), its messages said on stderr."""
    from cxtui.tui.launch import read_settings as read

    settings = read(check_theme=check_theme)
    for message in settings.messages:
        _say_error(message)
    return settings


def cmd_new(args: argparse.Namespace) -> int:
    from cxtui.templates import load_template, title_from_file_name

    template = args.template or read_settings().default_template
    if args.source is not None:
        m = _import_map(args.source, None, template)
        if args.title:
            try:
                m = replace(m, title=args.title)
            except ModelError as error:
                raise CliError(f"--title: {error}") from None
    else:
        try:
            m = load_template(template, args.title or title_from_file_name(args.file))
        except ModelError as error:
            raise CliError(f"--title: {error}") from None
    _write_output(_savable_text(m, args.file), args.file, force=args.force)
    if args.file != "-":  # standard output holds the map itself
        made = f"{args.source} (template {template!r})" if args.source else f"template {template!r}"
        print(f"wrote {args.file} from {made} ({_counts(m)})")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from cxtui.tui.keys import display_keys, keys_in_force, moved_keys

    settings = read_settings(check_theme=True)
    state = "exists" if settings.exists else "does not exist: the defaults are in force"
    print(f"config file: {settings.path} ({state})")
    print(f"theme = {settings.theme or 'textual-dark'}{'' if settings.theme else '  (default)'}")
    print(f"user = {settings.user}")
    print(f"default_template = {settings.default_template}")
    print(f"autosave = {autosave_text(settings.autosave)}")
    if not settings.keys:
        print("[keys] none remapped (`?` in the editor lists every key)")
        return 1 if settings.problems else 0
    print("[keys] remapped:")
    width = max(len(id) for id in settings.keys)
    in_force = keys_in_force(settings.keys)
    for id in settings.keys:
        print(f"  {id:<{width}} = {display_keys(in_force[id])}")
    for key, source, target in moved_keys(settings.keys):
        left = display_keys(in_force[source])
        print(
            f"  {display_keys([key])} moved from {source} to {target}; {source} keeps: {left}"
            + (" (the palette still runs it)" if not in_force[source] else "")
        )
    return 1 if settings.problems else 0


def autosave_text(seconds: float) -> str:
    """``5  (seconds without a key)``, or ``0  (off, the default)``."""
    if not seconds:
        return "0  (off, the default)"
    shown = int(seconds) if seconds == int(seconds) else seconds
    return f"{shown}  (a modified map is saved after {shown} s without a key)"


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
    from cxtui.fileformat import conflict_problems, loads, read_text
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
        trouble = False
        if m.conflicts:  # a valid map, but a merge left choices to make (git's convention)
            trouble = True
            _say_error("\n".join(map(str, conflict_problems(m, text, file))))
        broken_links = link_problems(Path(file), m, text, checked)
        if broken_links:
            trouble = True
            _say_error(str(MapFileError(broken_links)))
        if trouble:
            failed += 1
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
    from cxtui.notation import emotion_glyph

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
            f"{shown}  {row['curve']}  {title} · {kind_name(str(row['kind']))}{persona}"
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

    class PrintConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits 1; the reader went away (`| head`), which :func:`main` takes
            # as no error of ours
            self.quiet = True
            raise BrokenPipeError

    m = read_map(args.file)
    if args.linear or args.format == "linear":
        from cxtui import linear

        sys.stdout.write(linear.dumps(m))
        sys.stdout.flush()
        return 0
    console = PrintConsole(
        width=args.width,
        no_color=args.no_color or None,
        color_system=None if args.no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )
    if console.width < MIN_PRINT_WIDTH:  # COLUMNS=0, or a very narrow terminal
        console.width = MIN_PRINT_WIDTH
    against = read_map(args.against) if args.against is not None else None
    with keeping_skin_tones():
        MapView(m, against=against, insights=args.insights).print_to(console)
    return 0


def cmd_insights(args: argparse.Namespace) -> int:
    import json

    from cxtui.insights import insights, report_json, text_report

    m = _read_map_spec(args.file)
    if args.against is not None:
        return _insights_against(args, m)
    report = insights(m)
    if args.format == "json":
        text = json.dumps(report_json(report, args.file), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        from cxtui.interchange.insights_page import markdown_section
        from cxtui.interchange.markdown import md_inline

        lines = [f"# {md_inline(m.title or args.file)}", "", *markdown_section(report)]
        text = "\n".join(lines) + "\n"
    else:
        text = text_report(report, args.file)
    sys.stdout.write(escaped_block(text))
    return 1 if args.check and report.of_kind("unplanned_pain") else 0


def _insights_against(args: argparse.Namespace, current: JourneyMap) -> int:
    import json

    from cxtui.against import compare, comparison_json, text_comparison

    c = compare(current, _read_map_spec(args.against))
    if args.format == "json":
        data = comparison_json(c, args.file, args.against)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        from cxtui.interchange.insights_page import markdown_comparison

        text = "\n".join(markdown_comparison(c, args.file, args.against)) + "\n"
    else:
        text = text_comparison(c, args.file, args.against)
    sys.stdout.write(escaped_block(text))
    return 1 if args.check and c.future.of_kind("unplanned_pain") else 0


def _read_map_spec(spec: str) -> JourneyMap:
    """The map `spec` names, a file or ``FILE@REV``; git's trouble as a CliError."""
    from cxtui.revisions import RevisionError, read_map_spec

    try:
        return read_map_spec(spec)
    except RevisionError as error:
        raise CliError(str(error)) from None


def escaped_block(text: str) -> str:
    """`text` with each line's control characters escaped (a file name may hold them)."""
    return "\n".join(escaped(line) for line in text.split("\n"))


def cmd_export(args: argparse.Namespace) -> int:
    from cxtui.interchange import exporter

    if args.linear and args.to != "md":
        raise CliError(f"--linear: works with --to md (a page read phase by phase), not {args.to}")
    if args.against is not None and (args.to not in INSIGHT_FORMATS or args.linear):
        raise CliError(f"--against: works with --to html or --to md, not {args.to}")
    if os.path.isdir(args.file):
        if args.against is not None:
            raise CliError(f"{args.file}: --against compares one map, not a folder")
        return _export_site(args)
    m = read_map(args.file)
    against = read_map(args.against) if args.against is not None else None
    if args.linear:
        from cxtui.interchange.markdown import dumps_linear

        text = dumps_linear(m)
    elif args.to == "html":
        text = _html_page(args, m, against)
    elif args.to == "md":
        from cxtui.interchange.markdown import dumps

        text = dumps(m, insights=args.insights, against=against)
    else:
        text = exporter(args.to)(m)
    if (
        against is not None
        and args.output not in (None, "-")
        and _same_file(args.against, args.output)
    ):
        raise CliError(f"{args.output}: is the --against file; refusing to overwrite it")
    _write_output(text, args.output, force=args.force, source=args.file)
    return 0


def _html_page(args: argparse.Namespace, m: JourneyMap, against: JourneyMap | None) -> str:
    """One map's page: its links to the linked maps' pages already beside the output,
    and with `--against`, the future state's curve over this map's."""
    from cxtui.interchange import html_page
    from cxtui.interchange.html_site import sibling_pages

    writes_file = args.output not in (None, "-")
    links = sibling_pages(args.output) if writes_file else None
    return html_page.dumps(m, links, insights=args.insights, against=against)


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


def _import_map(source: str, fmt: str | None, template: str = "basic") -> JourneyMap:
    from cxtui.interchange import (
        IMPORT_SUFFIXES,
        import_formats,
        importer_with_notices,
        markdown_format,
    )

    if fmt is None:
        fmt = IMPORT_SUFFIXES.get(Path(source).suffix.lower())
        if fmt is None:
            raise CliError(
                f"{source}: cannot tell the format from the name; "
                f"say it with --from ({', '.join(import_formats())})"
            )
    text = read_text(source)
    if fmt == "markdown":
        fmt = markdown_format(text)
    if fmt == "outline":
        from cxtui.interchange import outline

        return outline.loads(text, source, template)
    m, notices = importer_with_notices(fmt)(text, source)
    for notice in notices:
        print(escaped(f"cxtui: {source}: {notice}"), file=sys.stderr)
    return m


def cmd_import(args: argparse.Namespace) -> int:
    m = _import_map(args.source, args.source_format, args.template)
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
            write_file(out, text)
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

    from cxtui.diff import change_counts
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
        line.append(f"  {change_counts(older, m)}  ")
        line.append(f"{clean_line(commit.author)}: {clean_line(commit.subject)}")
        console.print(line)
    return 0


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


def cmd_serve(args: argparse.Namespace) -> int:
    from cxtui.serve import serve

    target = Path(args.target)
    if target.is_file():
        read_map(target)  # a map that does not load is reported now, not in every tab
    elif not target.is_dir() and not target.parent.resolve().is_dir():
        raise CliError(f"{args.target}: its folder does not exist")
    return serve(target, args.host, args.port)


# -- parsing -----------------------------------------------------------------


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


def unknown_command(args: Sequence[str]) -> str | None:
    """What to say when `args` start with a word that reads as a misspelt command
    (``cxtui prnt map.toml``) rather than a file to edit, or None."""
    if len(args) < 2 or args[0] in COMMANDS or args[0].startswith("-"):
        return None
    word = args[0]
    if os.path.lexists(word) or "." in word or os.sep in word:
        return None  # a file name: `cxtui FILE` with something after it
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"the commands: {', '.join(COMMANDS)}"
    return f"unknown command {word!r} ({hint})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    unknown = unknown_command(args_list)
    if unknown is not None:
        _say_error(unknown)
        print("usage: cxtui [FILE] | cxtui COMMAND ... (cxtui --help)", file=sys.stderr)
        return 2
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
