"""Insights: what a map says, checked against the rules of docs/insights.md."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import maps

from cxtui.fileformat import read_map
from cxtui.insights import FINDING_KINDS, Finding, Report, insights, report_json
from cxtui.model import JourneyMap, Lane, Phase, SetEmotion, SetNotes

SAMPLES = Path(__file__).resolve().parent.parent / "sample_maps"


def kinds(report: Report) -> list[str]:
    return [f.kind for f in report.findings]


def phases_of(report: Report, kind: str) -> list[tuple[int, ...]]:
    return [f.phases for f in report.findings if f.kind == kind]


def with_emotion_lane(m: JourneyMap) -> JourneyMap:
    if any(lane.kind == "emotion" for lane in m.lanes):
        return m
    return replace(m, lanes=(*m.lanes, Lane("curve_lane_x", "Curve", "emotion")))


def with_scores(m: JourneyMap, scores: list[int | None]) -> JourneyMap:
    for i, score in enumerate(scores):
        m = SetEmotion(i, score).apply(m)[0]
    return m


# -- the samples, read by hand --------------------------------------------------------------


def test_the_online_shop_reads_as_a_person_reads_it() -> None:
    report = insights(read_map(SAMPLES / "online-shop-purchase.toml"))
    assert phases_of(report, "lowest") == [(3,)]  # Checkout, -2
    assert phases_of(report, "highest") == [(5,)]  # Unbox and try on, +2
    assert phases_of(report, "drop") == [(0, 1)]  # +1 -> -1
    assert phases_of(report, "rise") == [(4, 5)]  # -1 -> +2
    assert phases_of(report, "peak") == [(0,)]
    assert phases_of(report, "unplanned_pain") == []  # every phase has an idea
    lowest = report.of_kind("lowest")[0]
    assert lowest.lane == "emotions"
    assert "#pain Forced account creation (35% drop-off at this step)" in lowest.notes
    assert "I just want to pay!" in lowest.notes
    assert "“Checkout”" in lowest.message and "phase 4" in lowest.message
    rise = report.of_kind("rise")[0]
    assert rise.change == (-1, 2, 3)
    s = report.summary
    assert (s.phases, s.rated, s.mean_score) == (7, 7, round(-1 / 7, 2))
    assert s.at_or_above_neutral == round(3 / 7, 2)
    assert (s.pain_points, s.phases_with_pain, s.pain_with_improvement) == (11, 7, 1.0)


def test_the_blog_map_has_touchpoints_that_work_and_disappoint_and_pain_with_no_plan() -> None:
    report = insights(read_map(SAMPLES / "blog-to-signup.toml"))
    assert phases_of(report, "unplanned_pain") == [(1,), (5,)]
    negative = report.of_kind("negative_touchpoint")
    assert [f.lane for f in negative] == ["what_disappoints"] * 7
    assert "Snippet cut off mid-sentence" in negative[0].notes
    assert "Web search" in negative[0].message
    assert len(report.of_kind("positive_touchpoint")) == 7
    assert phases_of(report, "highest") == [(1, 6)]


def test_unrated_and_empty_phases_and_lanes() -> None:
    m = JourneyMap(
        "t",
        lanes=(Lane("actions", "Actions"), Lane("e", "E", "emotion"), Lane("tools", "Tools")),
        phases=(
            Phase("a", emotion=1, cells={"actions": ("go",)}),
            Phase("b"),
            Phase("c", cells={"actions": ("x",)}),
        ),
    )
    report = insights(m)
    assert phases_of(report, "unrated") == [(1, 2)]
    assert [(f.phases, f.lane) for f in report.of_kind("empty")] == [((1,), None), ((), "tools")]
    assert "lowest" not in kinds(report)  # one score: no lowest and highest to tell apart


def test_a_pain_tagged_thought_is_quoted_once_at_a_low_point() -> None:
    m = JourneyMap(
        "t",
        lanes=(Lane("thoughts", "Thoughts"), Lane("e", "E", "emotion")),
        phases=(
            Phase("a", emotion=-1, cells={"thoughts": ("#pain Is it serious?", "Hm")}),
            Phase("b", emotion=1),
            Phase("c", emotion=-2),
        ),
    )
    report = insights(m)
    (valley,) = report.of_kind("valley")
    assert valley.notes == ("#pain Is it serious?", "Hm")


def test_a_map_with_no_emotion_lane_has_no_curve_findings() -> None:
    m = JourneyMap(
        "t", lanes=(Lane("pain_points", "P"),), phases=(Phase("a", cells={"pain_points": ("x",)}),)
    )
    report = insights(m)
    assert kinds(report) == ["unplanned_pain"]
    assert report.summary.mean_score is None


def test_json_names_are_the_documented_ones() -> None:
    report = insights(read_map(SAMPLES / "online-shop-purchase.toml"))
    data = report_json(report, "x.toml")
    assert set(data) == {"file", "summary", "findings"}
    for finding in data["findings"]:
        assert finding["kind"] in FINDING_KINDS
        assert {"kind", "phases", "lane", "message", "notes"} <= set(finding)
        assert all(set(p) == {"index", "title"} for p in finding["phases"])
    drop = next(f for f in data["findings"] if f["kind"] == "drop")
    assert (drop["from"], drop["to"], drop["size"]) == (1, -1, 2)
    assert drop["phases"] == [{"index": 1, "title": "Discover"}, {"index": 2, "title": "Compare"}]


# -- a French twin -----------------------------------------------------------------------------

FRENCH = {
    "actions": ("actions_client", "Actions du client"),
    "thoughts": ("pensees", "Pensées"),
    "emotions": ("ressenti", "Ressenti"),
    "touchpoints": ("points_de_contact", "Points de contact"),
    "pain_points": ("douleurs", "Points de douleur"),
    "opportunities": ("pistes", "Pistes d'amélioration"),
}


def untagged(note: str) -> str:
    return " ".join(w for w in note.split() if not w.startswith("#"))


def french_twin(m: JourneyMap, *, roles: bool = True) -> JourneyMap:
    lanes = tuple(
        Lane(*FRENCH[lane.key], lane.kind, lane.role)
        if roles
        else Lane(*FRENCH[lane.key], lane.kind)
        for lane in m.lanes
    )
    phases = tuple(
        replace(p, cells={FRENCH[k][0]: tuple(map(untagged, v)) for k, v in p.cells.items()})
        for p in m.phases
    )
    return replace(m, lanes=lanes, phases=phases, title="Acheter des chaussures")


def shape(report: Report) -> list[tuple[str, tuple[int, ...], str | None, int]]:
    m = report.map
    role = {lane.key: lane.role for lane in m.lanes}
    return [(f.kind, f.phases, role.get(f.lane or ""), len(f.notes)) for f in report.findings]


@pytest.mark.parametrize("name", ["online-shop-purchase", "team-lead-pm-software"])
def test_a_french_twin_with_roles_gives_the_same_findings(name: str) -> None:
    english = read_map(SAMPLES / f"{name}.toml")
    english = replace(
        english,
        phases=tuple(
            replace(p, cells={k: tuple(map(untagged, v)) for k, v in p.cells.items()})
            for p in english.phases
        ),
    )  # fmt: skip  (no tags: the lanes' roles alone must tell)
    twin = french_twin(english)
    assert shape(insights(twin)) == shape(insights(english))
    assert insights(twin).summary == insights(english).summary
    without_roles = insights(french_twin(english, roles=False))
    assert without_roles.summary.pain_points == 0  # titles alone say nothing


# -- properties -----------------------------------------------------------------------------

#: Drawing maps is slow on a loaded machine: not a failure of what is tested.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(maps(), st.data())
def test_a_constant_curve_has_no_drop_rise_low_or_high(m: JourneyMap, data: st.DataObject) -> None:
    m = with_emotion_lane(m)
    score = data.draw(st.integers(m.scale.min, m.scale.max))
    report = insights(with_scores(m, [score] * len(m.phases)))
    assert not {"drop", "rise", "lowest", "highest", "valley", "peak"} & set(kinds(report))


def reversed_map(m: JourneyMap) -> JourneyMap:
    return replace(m, phases=m.phases[::-1])


def changes(report: Report, kind: str, count: int, *, flip: bool) -> set[tuple[int, int, int]]:
    out = set()
    for f in report.of_kind(kind):  # type: ignore[arg-type]
        a, b = f.phases
        assert f.change is not None
        out.add((count - 1 - b, count - 1 - a, f.change[2]) if flip else (a, b, f.change[2]))
    return out


@PROPERTY
@given(maps(max_phases=8), st.data())
def test_reversing_the_phases_swaps_drops_and_rises(m: JourneyMap, data: st.DataObject) -> None:
    m = with_emotion_lane(m)
    scores = data.draw(
        st.lists(st.one_of(st.none(), st.integers(m.scale.min, m.scale.max)),
                 min_size=len(m.phases), max_size=len(m.phases))
    )  # fmt: skip
    m = with_scores(m, scores)
    n = len(m.phases)
    forward, backward = insights(m), insights(reversed_map(m))
    assert changes(forward, "drop", n, flip=False) == changes(backward, "rise", n, flip=True)
    assert changes(forward, "rise", n, flip=False) == changes(backward, "drop", n, flip=True)
    # and each is a change of at least half the range between neighbouring rated phases
    points = [(i, s) for i, s in enumerate(scores) if s is not None]
    sharp = {
        (a, b) for (a, x), (b, y) in itertools.pairwise(points)
        if 2 * abs(y - x) >= m.scale.max - m.scale.min
    }  # fmt: skip
    found = {f.phases for f in forward.findings if f.kind in ("drop", "rise")}
    assert found == sharp
    if points:
        low = min(s for _, s in points)
        if low != max(s for _, s in points):
            assert phases_of(forward, "lowest") == [tuple(i for i, s in points if s == low)]


@PROPERTY
@given(maps(), st.data())
def test_adding_an_improvement_removes_unplanned_pain(m: JourneyMap, data: st.DataObject) -> None:
    text_lanes = [lane for lane in m.text_lanes if lane.role != "opportunities"]
    assume(text_lanes)
    phase = data.draw(st.integers(0, len(m.phases) - 1))
    lane = data.draw(st.sampled_from(text_lanes))
    notes = m.phases[phase].notes(lane.key)
    pained = SetNotes(phase, lane.key, (*notes, "#pain it hurts")).apply(m)[0]
    before = insights(pained)
    if not any(phase in f.phases for f in before.of_kind("unplanned_pain")):
        return  # an improvement was already planned there
    ideas = [x for x in pained.text_lanes if x.role == "opportunities"] or [lane]
    where = data.draw(st.sampled_from(ideas))
    note = "#idea fix it" if where.role != "opportunities" else "fix it"
    planned = SetNotes(phase, where.key, (*pained.phases[phase].notes(where.key), note)).apply(
        pained
    )[0]
    after = insights(planned)
    assert all(phase not in f.phases for f in after.of_kind("unplanned_pain"))


def test_every_finding_names_its_phases_in_its_message() -> None:
    for path in sorted(SAMPLES.glob("*.toml")):
        report = insights(read_map(path))
        for finding in report.findings:
            assert isinstance(finding, Finding)
            for i in finding.phases[:5]:
                assert f"“{report.map.phases[i].title}”" in finding.message, (path, finding)


_NOTE_PIECES = st.sampled_from(
    ["#pain", "#Pain", "#PAIN", "#painful", "##pain", "x#pain", "#idea", "#IDEA", "#hmw-2",
     "#hmw", "#opportunity", "#improvement", "#improvements", "#K", "#İdea", "Queue", "ok",
     "#ΣIGMA", "a", " ", "#", "-"]
)  # fmt: skip
_NOTES = st.lists(st.lists(_NOTE_PIECES, max_size=4).map("".join), max_size=3).map(tuple)


@given(
    roles=st.lists(
        st.sampled_from(["pain_points", "opportunities", "thoughts", "other"]),
        min_size=1,
        max_size=4,
    ),
    data=st.data(),
)
def test_pains_and_improvements_read_at_once_match_each_read_alone(
    roles: list[str], data: st.DataObject
) -> None:
    from cxtui.insights import improvements, pain_points, pains_and_improvements

    lanes = tuple(Lane(f"l{i}", f"L{i}", role=role) for i, role in enumerate(roles))  # type: ignore[arg-type]
    cells = {lane.key: data.draw(_NOTES) for lane in lanes}
    m = JourneyMap("t", lanes=lanes, phases=(Phase("p", cells=cells),))
    assert pains_and_improvements(m, 0, m.text_lanes) == (pain_points(m, 0), improvements(m, 0))
