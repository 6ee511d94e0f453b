"""Comparing two maps: the change records and their text and Markdown forms."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cxtui.diff import (
    EmotionChanged,
    FieldChanged,
    ItemsChanged,
    LaneAdded,
    LaneChanged,
    LaneMoved,
    LaneRemoved,
    NotesChanged,
    PhaseAdded,
    PhaseMoved,
    PhaseRemoved,
    PhaseRenamed,
    StageChanged,
    diff_maps,
    emotion_line,
    format_diff,
    phase_key,
)
from cxtui.fileformat import dumps, read_map
from cxtui.model import (
    Edit,
    EmotionScale,
    InsertLane,
    InsertPhase,
    JourneyMap,
    Lane,
    MoveLane,
    MovePhase,
    Persona,
    Phase,
    RemoveLane,
    RemovePhase,
    RenameLane,
    SetEmotion,
    SetLaneKind,
    SetMeta,
    SetNotes,
    SetPersona,
    SetPhase,
    SetScale,
    SetTag,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
LANES = (Lane("actions", "Actions"), Lane("mood", "Mood", "emotion"), Lane("pains", "Pains"))


def journey(*phases: Phase, **fields: object) -> JourneyMap:
    return JourneyMap("Shop", lanes=LANES, phases=phases, **fields)  # type: ignore[arg-type]


CURRENT = journey(
    Phase("Discover", "Before", 1, {"actions": ("Searches",)}),
    Phase(
        "Purchase",
        "Buy",
        -1,
        {"actions": ("Creates an account", "Pays"), "pains": ("Forced account",)},
    ),
    Phase("Delivery", "After", None, {"actions": ("Waits",)}),
)


def test_identical_maps_have_no_changes() -> None:
    assert diff_maps(CURRENT, CURRENT) == []
    rebuilt = journey(*(replace(p) for p in CURRENT.phases))
    assert diff_maps(CURRENT, rebuilt) == []
    assert format_diff([], CURRENT, rebuilt, "text", "a", "b") == ""
    assert format_diff([], CURRENT, rebuilt, "md", "a", "b") == ""


def test_emotion_stage_and_notes() -> None:
    future = journey(
        Phase("Discover", "Before", 1, {"actions": ("Searches",)}),
        Phase("Purchase", "Checkout", 1, {"actions": ("Pays", "Pays with one click")}),
        Phase("Delivery", "After", 0, {"actions": ("Waits",)}),
    )
    changes = diff_maps(CURRENT, future)
    assert changes == [
        EmotionChanged("Purchase", 1, -1, 1),
        StageChanged("Purchase", 1, "Buy", "Checkout"),
        NotesChanged("Purchase", 1, "actions", "Actions", ("Pays with one click",),
                     ("Creates an account",)),
        NotesChanged("Purchase", 1, "pains", "Pains", (), ("Forced account",)),
        EmotionChanged("Delivery", 2, None, 0),
    ]  # fmt: skip
    assert emotion_line(changes[0]) == "Purchase: -1 → +1 (+2)"  # type: ignore[arg-type]
    assert emotion_line(changes[-1]) == "Delivery: – → 0"  # type: ignore[arg-type]
    assert format_diff(changes, CURRENT, future, "text", "current.toml", "future.toml") == (
        "--- current.toml\n"
        "+++ future.toml\n"
        "\n"
        "Emotion\n"
        "  Purchase: -1 → +1 (+2)\n"
        "  Delivery: – → 0\n"
        "\n"
        "Phase 2: Purchase\n"
        "  stage: Buy → Checkout\n"
        "  Actions:\n"
        "    + Pays with one click\n"
        "    - Creates an account\n"
        "  Pains:\n"
        "    - Forced account\n"
    )
    assert format_diff(changes, CURRENT, future, "md", "current.toml", "future.toml") == (
        "## Journey map changes: `current.toml` → `future.toml`\n"
        "\n"
        "### Emotion\n"
        "\n"
        "- Purchase: -1 → +1 (+2)\n"
        "- Delivery: – → 0\n"
        "\n"
        "### Phase 2: Purchase\n"
        "\n"
        "- stage: Buy → Checkout\n"
        "\n"
        "```diff\n"
        "  Actions\n"
        "+ Pays with one click\n"
        "- Creates an account\n"
        "  Pains\n"
        "- Forced account\n"
        "```\n"
    )


def test_phases_added_removed_and_moved() -> None:
    before = journey(*CURRENT.phases, Phase("Returns"))
    future = journey(
        Phase("Returns"),
        Phase("Discover", "Before", 1, {"actions": ("Searches",)}),
        Phase("Delivery", "After", None, {"actions": ("Waits",)}),
        Phase("Chat", "Help", 2, {"actions": ("Asks",)}),
    )
    changes = diff_maps(before, future)
    assert changes == [
        PhaseRemoved(CURRENT.phases[1], 1),
        PhaseAdded(future.phases[3], 3),
        PhaseMoved("Returns", 3, 0),
    ]
    text = format_diff(changes, before, future, "text", "a", "b")
    assert "Phases\n  - Purchase (was 2)\n" in text
    assert "  + Chat (at 4, stage Help, emotion +2)\n      [actions] Asks\n" in text
    assert "  ~ Returns moved 4 → 1\n" in text
    md = format_diff(changes, before, future, "md", "a", "b")
    assert "- removed: **Purchase** (was 2)\n" in md
    assert "- added: **Chat** (at 4, stage Help, emotion +2)\n  - \\[actions\\] Asks\n" in md
    assert "- moved: **Returns** 4 → 1\n" in md


def test_the_fewest_moves_are_reported() -> None:
    titles = ["A", "B", "C", "D", "E"]
    before = journey(*(Phase(t) for t in titles))
    after = journey(*(Phase(t) for t in ["B", "C", "D", "E", "A"]))
    assert diff_maps(before, after) == [PhaseMoved("A", 0, 4)]


def test_phases_match_by_title_ignoring_case_and_spaces() -> None:
    assert phase_key("  Check   Out ") == phase_key("check out")
    future = journey(
        Phase("discover ", "Before", 1, {"actions": ("Searches",)}),
        *CURRENT.phases[1:],
    )
    assert diff_maps(CURRENT, future) == [PhaseRenamed(0, "Discover", "discover ")]


def test_duplicate_titles_pair_in_order() -> None:
    before = journey(Phase("Wait", emotion=0), Phase("Act"), Phase("Wait", emotion=-1))
    after = journey(Phase("Wait", emotion=0), Phase("Act"))
    assert diff_maps(before, after) == [PhaseRemoved(before.phases[2], 2)]


def test_notes_duplicates_and_order() -> None:
    before = journey(Phase("P", cells={"actions": ("a", "b", "a")}))
    assert diff_maps(before, journey(Phase("P", cells={"actions": ("a", "b")}))) == [
        NotesChanged("P", 0, "actions", "Actions", (), ("a",)),
    ]
    reordered = journey(Phase("P", cells={"actions": ("b", "a", "a")}))
    changes = diff_maps(before, reordered)
    assert changes == [NotesChanged("P", 0, "actions", "Actions", (), (), True)]
    assert "    (same notes, new order)" in format_diff(changes, before, reordered)


def test_lanes_added_removed_changed_and_moved() -> None:
    lanes = (Lane("actions", "Actions"), Lane("touch", "Touchpoints"),
             Lane("mood", "Feeling", "emotion"))  # fmt: skip
    future = JourneyMap(
        "Shop",
        lanes=lanes,
        phases=tuple(
            replace(p, cells={"actions": p.notes("actions"), "touch": ("Web",)})
            for p in CURRENT.phases
        ),
    )
    changes = diff_maps(CURRENT, future)
    assert changes[:3] == [
        LaneRemoved(LANES[2], 2),
        LaneAdded(lanes[1], 1),
        LaneChanged("mood", LANES[1], lanes[2]),
    ]
    moved = JourneyMap("Shop", lanes=(LANES[0], LANES[2], LANES[1]), phases=CURRENT.phases)
    assert diff_maps(CURRENT, moved) == [LaneMoved(LANES[1], 1, 2)]
    assert "Lanes\n  ~ moved Mood [mood] (emotion) 2 → 3\n" in format_diff(
        diff_maps(CURRENT, moved), CURRENT, moved
    )
    assert NotesChanged("Discover", 0, "touch", "Touchpoints", ("Web",), ()) in changes
    assert NotesChanged("Purchase", 1, "pains", "Pains", (), ("Forced account",)) in changes
    text = format_diff(changes, CURRENT, future, "text", "a", "b")
    assert "Lanes\n  - Pains [pains] (was 3)\n  + Touchpoints [touch] (at 2)\n" in text
    assert "  ~ Mood [mood] (emotion) → Feeling [mood] (emotion)\n" in text


def test_map_fields() -> None:
    future = replace(
        CURRENT,
        title="Shop (future)",
        kind="future-state",
        description="New\nplan",
        persona=Persona("Ann", goals=("Speed",)),
        scale=EmotionScale(-3, 3),
        tags={"pain": "orange"},
    )
    changes = diff_maps(CURRENT, future)
    assert changes == [
        FieldChanged("title", "Shop", "Shop (future)"),
        FieldChanged("kind", "current-state", "future-state"),
        FieldChanged("description", "(none)", "New\nplan"),
        FieldChanged("emotion scale", "-2..2", "-3..3"),
        FieldChanged("persona", "(none)", "Ann"),
        ItemsChanged("persona goals", ("Speed",), ()),
        FieldChanged("tag #pain", "(none)", "orange"),
    ]
    text = format_diff(changes, CURRENT, future, "text", "a", "b")
    assert "Map\n  title: Shop → Shop (future)\n  kind: current-state → future-state\n" in text
    assert "  description:\n    - (none)\n    + New\n    + plan\n" in text
    assert "  persona goals:\n    + Speed\n" in text
    md = format_diff(changes, CURRENT, future, "md", "a", "b")
    assert "- persona goals:\n  - added: Speed\n" in md


def test_an_empty_persona_is_no_persona_and_no_change() -> None:
    assert CURRENT.persona is None
    assert diff_maps(CURRENT, replace(CURRENT, persona=Persona())) == []


def test_markdown_escapes_map_text() -> None:
    future = journey(
        Phase("Discover", "Before", 1, {"actions": ("Searches",)}),
        Phase(
            "Purchase | <b>",
            "Buy",
            -1,
            {"actions": ("Creates an account", "Pays"), "pains": ("Forced account",)},
        ),
        Phase("Delivery", "After", None, {"actions": ("Waits", "``` fence")}),
    )
    md = format_diff(diff_maps(CURRENT, future), CURRENT, future, "md", "a`b", "c")
    assert "## Journey map changes: `ab` → `c`" in md
    assert "- renamed: **Purchase** → Purchase \\| &lt;b> (at 2, guessed)" in md
    assert "````diff\n  Actions\n+ ``` fence\n````\n" in md


EDITS: list[Edit] = [
    SetNotes(0, "actions", ("Other",)),
    SetEmotion(2, 2),
    SetPhase(1, "Buying", "Buy"),
    SetPhase(1, "purchase", "Buy"),
    InsertPhase(1, Phase("New")),
    RemovePhase(0),
    MovePhase(0, 2),
    InsertLane(1, Lane("extra", "Extra")),
    RemoveLane(2),
    MoveLane(0, 1),
    RenameLane(0, "Doing"),
    SetLaneKind(2, "emotion"),
    SetMeta("Shop", "future-state", None),
    SetMeta("Shop", "current-state", "Described"),
    SetPersona(Persona(name="Ann")),
    SetScale(EmotionScale(-5, 5)),
    SetTag("pain", "blue"),
]


@pytest.mark.parametrize("edit", EDITS, ids=[type(e).__name__ for e in EDITS])
def test_every_edit_shows_in_the_diff(edit: Edit) -> None:
    if isinstance(edit, SetLaneKind):  # only one emotion lane: turn the mood lane to text
        edit = SetLaneKind(1, "text")
    after, _ = CURRENT.apply(edit)
    assert after != CURRENT
    changes = diff_maps(CURRENT, after)
    assert changes
    assert format_diff(changes, CURRENT, after, "text", "a", "b")
    assert format_diff(changes, CURRENT, after, "md", "a", "b")


def test_no_changes_exactly_when_equal_over_random_edits() -> None:
    m = read_map(GOLDEN / "fixture.toml")
    rng = random.Random(4)
    for _ in range(300):
        a, b = m, m
        for _ in range(rng.randint(0, 3)):
            b = _random_edit(b, rng)
        changes = diff_maps(a, b)
        assert (changes == []) == (a == b)
        format_diff(changes, a, b, "text", "a", "b")
        format_diff(changes, a, b, "md", "a", "b")


def _random_edit(m: JourneyMap, rng: random.Random) -> JourneyMap:
    n = len(m.phases)
    text_lanes = [lane.key for lane in m.text_lanes]
    choices: list[Edit] = [
        SetEmotion(rng.randrange(n), rng.choice([None, -2, -1, 0, 1, 2])),
        SetPhase(
            rng.randrange(n),
            rng.choice(["Discover", "Checkout", "New", "checkout"]),
            rng.choice([None, "Purchase", "Other"]),
        ),
        MovePhase(rng.randrange(n), rng.randrange(n)),
        InsertPhase(rng.randrange(n + 1), Phase(rng.choice(["Extra", "Checkout"]))),
        SetTag("pain", rng.choice(["red", "blue"])),
    ]
    if n > 1:
        choices.append(RemovePhase(rng.randrange(n)))
    if text_lanes:
        key = rng.choice(text_lanes)
        choices.append(SetNotes(rng.randrange(n), key, tuple(rng.sample(["a", "b", "a", "c"], 2))))
    return m.apply(rng.choice(choices))[0]


# -- `cxtui diff`: exit status as GNU diff's -------------------------------------------

CXTUI = str(Path(sys.executable).parent / "cxtui")


def run_diff(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CXTUI, "diff", *map(str, args)], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_diff_exits_0_when_same_1_when_different_2_on_trouble(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(dumps(CURRENT), encoding="utf-8")
    (tmp_path / "b.toml").write_text(dumps(replace(CURRENT, title="Other")), encoding="utf-8")
    (tmp_path / "bad.toml").write_text("cxtui = 1\ntitle = 3\n", encoding="utf-8")
    same = run_diff("a.toml", "a.toml", cwd=tmp_path)
    assert (same.returncode, same.stdout, same.stderr) == (0, "", "")
    different = run_diff("a.toml", "b.toml", cwd=tmp_path)
    assert (different.returncode, different.stderr) == (1, "")
    assert "title: Shop → Other" in different.stdout
    for args in (("a.toml", "bad.toml"), ("bad.toml", "a.toml"), ("a.toml", "missing.toml")):
        trouble = run_diff(*args, cwd=tmp_path)
        assert trouble.returncode == 2, args
        assert trouble.stdout == ""
        assert trouble.stderr.startswith(f"cxtui: {args[0] if 'bad' in args[0] else args[1]}:")
        assert "Traceback" not in trouble.stderr
    usage = run_diff("a.toml", cwd=tmp_path)
    assert usage.returncode == 2 and "usage: cxtui diff" in usage.stderr


def test_diff_help_tells_the_exit_status(tmp_path: Path) -> None:
    shown = " ".join(run_diff("--help", cwd=tmp_path).stdout.split())
    assert "0 when they are the same, 1 when they differ, 2 on trouble" in shown
