"""The command line: ``cxtui [FILE]`` opens the editor; sub-commands work without it.

Exit codes: 0 success, 1 bad input (a message on stderr beginning ``cxtui: ``),
2 usage. `diff` follows GNU diff instead: 0 same, 1 different, 2 trouble.
Textual is imported only when the editor opens (and by `config`, for the theme names).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cxtui import gc_pause
from cxtui.fileformat import MapFileError, SaveError, read_map, read_text
from cxtui.model import JourneyMap, ModelError, kind_name
from cxtui.saving import write_file
from cxtui.text import escaped

if TYPE_CHECKING:
    import argparse

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
    if args_list[0] == "edit" and len(args_list) <= 2 and not args_list[-1].startswith("-"):
        # `cxtui [FILE]`, read as the parser reads it, without building it (argparse's
        # import is ~3 ms of the editor's start)
        from cxtui.tui.launch import run_editor

        return _run(partial(run_editor, args_list[1] if len(args_list) == 2 else None))
    from cxtui.cli_parser import build_parser

    args = build_parser(args_list[0] if args_list[0] in COMMANDS else None).parse_args(args_list)
    run: Callable[[argparse.Namespace], int] = args.run
    if run is not cmd_edit:
        gc_pause.resume()  # the editor resumes it after its first frame
    return _run(partial(run, args), getattr(args, "error_status", 1))


def _run(command: Callable[[], int], error_status: int = 1) -> int:
    """Run `command`; its exit code, or `error_status` after saying what went wrong."""
    try:
        return command()
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
