"""Markdown outlines (cxtui/interchange/outline.py): notes in, maps out, and back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import maps

from cxtui.fileformat import MapFileError, read_map
from cxtui.interchange import markdown, outline
from cxtui.model import JourneyMap, Lane, Persona, Phase, implied_role
from cxtui.samples import sample_paths
from cxtui.templates import load_template

OUTLINES = Path(__file__).resolve().parent / "outlines"
SAMPLES = sample_paths()
BASIC = load_template("basic")
OPPORTUNITIES = Lane("opportunities", "Opportunities")


def basic_with_opportunities() -> tuple[Lane, ...]:
    return (*BASIC.lanes, OPPORTUNITIES)


def test_the_issue_outline_is_the_map_expected() -> None:
    m = outline.loads((OUTLINES / "issue.md").read_text(encoding="utf-8"), "issue.md")
    expected = replace(
        BASIC,
        title="Getting physio within a week",
        persona=Persona("Marta", "54, office worker with recurring back pain"),
        lanes=basic_with_opportunities(),
        phases=(
            Phase(
                "Notices pain, searches online",
                "Before",
                -1,
                {
                    "actions": ("Back pain flares up again at work",),
                    "thoughts": ("Is this serious?",),
                    "pain_points": ("Nothing says whether to see a GP first",),
                },
            ),
            Phase(
                "Calls GP surgery",
                "Before",
                -2,
                {
                    "actions": ("On hold for 25 minutes",),
                    "thoughts": ("I'll be late for work again",),
                    "opportunities": ("Online self-referral form",),
                },
            ),
        ),
    )
    assert m == expected


def test_a_ten_phase_outline_with_stages_faces_and_colons() -> None:
    m = outline.loads((OUTLINES / "ten-phases.md").read_text(encoding="utf-8"), "ten.md")
    p = Phase
    expected = replace(
        BASIC,
        title="Renewing a passport",
        persona=Persona("Tomás", "frequent traveller"),
        description="Interviews with 6 travellers, March.\nNote: two of them renewed by post.",
        lanes=basic_with_opportunities(),
        phases=(
            p("Notices the passport expires", "Before", -1, {
                "actions": ("Sees the date while booking a trip",
                            "Note: the airline warned him too"),
                "pain_points": ("No reminder from the passport office",)}),
            p("Finds the renewal page", "Before", 0, {
                "actions": ('Searches "renew passport"',
                            "ads: Three paid results before the official site"),
                "thoughts": ("Which of these is real?",)}),
            p("Gathers documents", "Before", 0, {
                "actions": ("Finds his old passport",),
                "pain_points": ("Photo rules: 45x35 mm, no glasses",)}),
            p("Takes photos", "Apply", 1, {
                "actions": ("Goes to a photo booth at 8:30",),
                "opportunities": ("Take the photo in the app",)}),
            p("Fills in the form", "Apply", -1, {
                "actions": ("Types the same address twice", "Pays the fee: 85 EUR")}),
            p("Sends the application", "Apply", 2, {
                "opportunities": ("Confirm by e-mail at once",)}),
            p("Waits", "Wait", -2, {
                "actions": ("Checks the tracking page every day",),
                "pain_points": ('Status says "received" for 2 weeks',)}),
            p("Calls the helpline", "Wait", -2, {"pain_points": ("40 minutes on hold",)}),
            p("Receives the passport", "After", 1, {"actions": ("Opens the envelope",)}),
            p("Travels", None, 2, {"actions": ("Boards the plane",)}),
        ),
    )  # fmt: skip
    assert m == expected


def as_markdown_carries_it(m: JourneyMap) -> JourneyMap:
    """`m` as it comes back from Markdown: lanes keyed by the template's key for the same
    title, else by their title, with the role their key implies (Markdown carries no
    roles); the template's tag colours; no Mermaid details; the marks on the same notes."""
    keys: dict[str, str] = {}
    lanes: list[Lane] = []
    for lane in m.lanes:
        same = [b for b in BASIC.lanes if b.title == lane.title and b.kind == lane.kind]
        key = same[0].key if same else outline.slug(lane.title, (x.key for x in lanes))
        keys[lane.key] = key
        lanes.append(replace(lane, key=key, role=implied_role(key, lane.kind)))
    phases = tuple(
        replace(
            p,
            cells={keys[k]: notes for k, notes in p.cells.items()},
            marks={(keys[k], note): names for (k, note), names in p.marks.items()},
        )
        for p in m.phases
    )
    return replace(m, lanes=tuple(lanes), phases=phases, tags=BASIC.tags, mermaid=None)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
@pytest.mark.parametrize("layout", ["table", "linear"])
def test_the_markdown_export_imports_back_to_the_same_map(path: Path, layout: str) -> None:
    m = read_map(path)
    page = markdown.dumps(m) if layout == "table" else markdown.dumps_linear(m)
    assert outline.loads(page, f"{path.stem}.md") == as_markdown_carries_it(m)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_draft_outline_of_a_map_reads_back_to_it(path: Path) -> None:
    # as draft mode reads it: what an outline cannot say (marks, votes, links) is kept
    m = read_map(path)
    assert outline.kept_from(m, outline.read(outline.dumps(m), "draft", m, "untitled").map) == m


def test_marks_come_back_from_both_markdown_pages_and_from_brackets_typed() -> None:
    m = outline.loads(
        "## Queue\n- [wait] Long queue\n- \\[fail point, needs work\\] Card reader fails\n"
        "- [not a mark] kept as typed\n- \\[wait] also kept\n"
    )
    phase = m.phases[0]
    assert phase.notes("actions") == (
        "Long queue", "Card reader fails", "[not a mark] kept as typed", "[wait] also kept"
    )  # fmt: skip
    assert phase.marks == {
        ("actions", "Long queue"): ("wait",),
        ("actions", "Card reader fails"): ("fail", "needs_work"),
    }
    # a note that begins like marks stays a note through a draft
    plain = replace(m, phases=(replace(phase, cells={"actions": ("[wait] a note",)}, marks={}),))
    assert outline.read(outline.dumps(plain), "draft", plain, "x").map == plain


def test_text_that_looks_like_markup_survives_the_draft_outline() -> None:
    m = replace(
        BASIC,
        description="# not a heading\nPersona: not the persona\n- not a bullet\nKind: words",
        persona=Persona("Ann", "runner"),
        phases=(
            Phase("Step (2)", "A", 1, {"actions": ("pain: is a word here", "a \\* b &amp; c")}),
            Phase("Happy 😀", None, None, {"thoughts": ("x",), "pain_points": ("stage: no",)}),
            Phase("Issue #", "A"),
        ),
    )
    text = outline.dumps(m)
    assert outline.read(text, "draft", m, "untitled").map == m


def test_a_heading_can_name_the_lane_of_the_bullets_under_it() -> None:
    m = outline.loads("## Step\n### Pain points\n- slow\n- thoughts: hmm\n### thought\n- why\n")
    assert m.phases[0].cells == {"pain_points": ("slow",), "thoughts": ("hmm", "why")}


def test_every_problem_has_its_position() -> None:
    with pytest.raises(MapFileError) as caught:
        outline.loads((OUTLINES / "broken.md").read_text(encoding="utf-8"), "broken.md")
    problems = [(p.line, p.col, p.message) for p in caught.value.problems]
    assert [(line, col) for line, col, _ in problems] == [(3, 14), (4, 3), (5, 5), (6, 1), (9, 1)]
    assert "outside the scale -2..2" in problems[0][2]
    assert "emotion lane" in problems[1][2]
    assert "no lane is named 'Nowhere'" in problems[2][2]
    assert "code block" in problems[4][2]


def test_an_outline_needs_a_phase() -> None:
    with pytest.raises(MapFileError, match="no phase"):
        outline.loads("# Only a title\n\nSome words.\n")


def test_a_mermaid_page_without_headings_is_still_read_as_mermaid(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.md"
    page.write_text("Intro\n\n```mermaid\njourney\n  title T\n  section S\n    Step: 2: Me\n```\n")
    done = run_cli("import", page, "-o", tmp_path / "m.toml")
    assert done.returncode == 0, done.stderr
    assert read_map(tmp_path / "m.toml").phases[0].title == "Step"
    forced = run_cli("import", page, "--from", "outline", "-o", tmp_path / "o.toml")
    assert forced.returncode == 1
    assert f"{page}:1:1: no phase" in forced.stderr
    assert not (tmp_path / "o.toml").exists()


def test_import_and_new_read_an_outline(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    notes = OUTLINES / "issue.md"
    expected = outline.loads(notes.read_text(encoding="utf-8"), str(notes))
    imported = run_cli("import", notes, "-o", tmp_path / "a.toml")
    assert imported.returncode == 0, imported.stderr
    assert read_map(tmp_path / "a.toml") == expected
    made = run_cli("new", tmp_path / "b.toml", "--from", notes)
    assert made.returncode == 0, made.stderr
    assert read_map(tmp_path / "b.toml") == expected
    future = run_cli("import", notes, "-o", tmp_path / "c.toml", "--template", "future-state")
    assert future.returncode == 0, future.stderr
    lanes = [lane.key for lane in read_map(tmp_path / "c.toml").lanes]
    assert lanes == [lane.key for lane in load_template("future-state").lanes]


def test_a_malformed_outline_writes_nothing(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = OUTLINES / "broken.md"
    for args in (("import", broken, "-o", tmp_path / "m.toml"),
                 ("new", tmp_path / "m.toml", "--from", broken)):  # fmt: skip
        done = run_cli(*args)
        assert done.returncode == 1
        assert done.stdout == ""
        assert f"cxtui: {broken}:3:14: score 7 is outside the scale" in done.stderr
        assert len(done.stderr.splitlines()) == 5
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "m.toml").exists()


def test_the_exported_page_imports_back_from_the_command_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for path in SAMPLES:
        for extra in ((), ("--linear",)):
            page = tmp_path / f"{path.stem}{len(extra)}.md"
            assert run_cli("export", path, "--to", "md", *extra, "-o", page).returncode == 0
            back = tmp_path / f"{path.stem}{len(extra)}.toml"
            done = run_cli("import", page, "-o", back)
            assert done.returncode == 0, done.stderr
            assert read_map(back) == as_markdown_carries_it(read_map(path))


def trimmed(m: JourneyMap) -> JourneyMap:
    """`m` as an outline can hold it: no spaces around a note, a title or a stage, no
    blank note, and a description without blank lines at its ends or runs of them."""

    def line(text: str) -> str:
        return " ".join(text.split()) or "x"

    phases = tuple(
        Phase(
            line(p.title),
            line(p.stage) if p.stage else None,
            p.emotion,
            {key: tuple(line(n) for n in notes) for key, notes in p.cells.items()},
        )
        for p in m.phases
    )
    persona = m.persona and replace(m.persona, name=line(m.persona.name), role=line(m.persona.role))
    description = "\n".join(line(d) for d in (m.description or "").splitlines()) or None
    return replace(m, title=line(m.title), phases=phases, persona=persona, description=description)


@settings(max_examples=150, deadline=None)
@given(maps())
def test_any_map_comes_back_from_its_draft_outline(m: JourneyMap) -> None:
    m = trimmed(m)
    assert outline.read(outline.dumps(m), "draft", m, "untitled").map == m


def test_a_draft_keeps_the_marks_votes_links_and_ids_of_the_notes_it_keeps() -> None:
    lanes = (Lane("touchpoints", "Touchpoints"),)
    base = JourneyMap(
        "Passport",
        lanes=lanes,
        phases=(
            Phase(
                "Find",
                cells={"touchpoints": ("City website", "Phone line")},
                id="f1",
                votes={("touchpoints", "Phone line"): ("ann",)},
                link="find.toml",
                marks={
                    ("touchpoints", "City website"): ("works",),
                    ("touchpoints", "Phone line"): ("fail", "needs_work"),
                },
            ),
            Phase("Visit", cells={"touchpoints": ("Kiosk",)}, id="v2",
                  marks={("touchpoints", "Kiosk"): ("wait",)}),
        ),
    )  # fmt: skip
    text = outline.dumps(base).replace("City website", "City web page").replace("Visit", "Go")
    drafted = outline.kept_from(base, outline.read(text, "draft", base, "Passport").map)
    find, visit = drafted.phases
    assert (find.id, find.link, visit.id) == ("f1", "find.toml", "v2")
    assert find.marks_of("touchpoints", "Phone line") == ("fail", "needs_work")
    assert find.voters("touchpoints", "Phone line") == ("ann",)
    assert find.marks_of("touchpoints", "City web page") == ()  # other words: unmarked
    assert visit.marks_of("touchpoints", "Kiosk") == ("wait",)  # renamed, in its place
    unchanged = outline.read(outline.dumps(base), "draft", base, "Passport").map
    assert outline.kept_from(base, unchanged) == base
