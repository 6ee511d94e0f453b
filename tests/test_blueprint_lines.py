"""The three lines of a service blueprint (line of interaction, of visibility, of internal
interaction): where they are drawn, the map setting that turns them off, and how every
view shows them; and the human names of map kinds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import maps

from cxtui.fileformat import MapFileError, dumps, loads
from cxtui.interchange import html_page, json_io, markdown, outline, svg
from cxtui.linear import dumps as linear_dumps
from cxtui.model import (
    BLUEPRINT_LINES,
    KIND_NAMES,
    MAP_KINDS,
    JourneyMap,
    Lane,
    SetBlueprintLines,
    blueprint_line_labels,
    kind_name,
    kind_of_name,
)
from cxtui.render import shortened_title
from cxtui.templates import load_template

INTERACTION, VISIBILITY, INTERNAL = (label for label, _, _ in BLUEPRINT_LINES)
BLUEPRINT_ROLES = {"actions", "frontstage", "backstage", "support"}

EBOOK_NOTES = {
    "physical_evidence": ["Library web page", "Loan e-mail", "App shelf", "", "", "Reminder"],
    "customer_actions": ["Searches", "Signs in", "Borrows", "Downloads", "Reads", "Returns"],
    "frontstage": ["Catalogue", "Card number form", "Borrow button", "App", "", "Chat help"],
    "backstage": ["Index", "Card check", "Licence count", "DRM", "", "Loan ends"],
    "support_processes": ["Vendor feed", "Member records", "Licence deal", "", "", "Stats"],
}


def ebook_blueprint() -> JourneyMap:
    """Borrowing an e-book from a city library for the first time, from the template."""
    m = load_template("service-blueprint", "Borrowing an e-book")
    titles = ["Find", "Join", "Borrow", "Download", "Read", "Return"]
    phases = tuple(
        replace(
            phase,
            title=titles[i],
            emotion=(1, -1, 0, -2, 2, 1)[i],
            cells={key: (notes[i],) if notes[i] else () for key, notes in EBOOK_NOTES.items()},
        )
        for i, phase in enumerate(m.phases)
    )
    return replace(m, phases=phases)


# -- the model -------------------------------------------------------------------------


def test_the_template_has_all_three_lines_and_the_emotions_above_the_actions() -> None:
    m = load_template("service-blueprint")
    keys = [lane.key for lane in m.lanes]
    assert keys.index("emotions") < keys.index("customer_actions")
    lines = blueprint_line_labels(m)
    assert lines == {
        keys.index("frontstage"): INTERACTION,
        keys.index("backstage"): VISIBILITY,
        keys.index("support_processes"): INTERNAL,
    }


def test_every_template_says_before_during_after() -> None:
    from cxtui.templates import TEMPLATES

    for name in TEMPLATES:
        stages = {p.stage for p in load_template(name).phases} - {None}
        assert stages <= {"Before", "During", "After"}, name


def test_an_emotion_lane_between_actions_and_frontstage_keeps_the_line_above_frontstage() -> None:
    m = load_template("service-blueprint")
    lanes = list(m.lanes)
    emotions = lanes.pop(1)
    assert emotions.kind == "emotion"
    lanes.insert(2, emotions)  # actions, emotions, frontstage
    m = replace(m, lanes=tuple(lanes))
    keys = [lane.key for lane in m.lanes]
    assert blueprint_line_labels(m)[keys.index("frontstage")] == INTERACTION


def test_turned_off_no_line_is_drawn() -> None:
    m = load_template("service-blueprint")
    off, undo = SetBlueprintLines(False).apply(m)
    assert blueprint_line_labels(off) == {}
    assert undo.apply(off)[0] == m


def _expected(lanes: tuple[Lane, ...], above: str, below: str) -> int | None:
    """Where the line between roles `above` and `below` goes, found the slow way."""
    for j, lane in enumerate(lanes):
        if lane.role != below:
            continue
        for i in range(j - 1, -1, -1):
            if lanes[i].role in BLUEPRINT_ROLES:
                return j if lanes[i].role == above else None
        return None
    return None


@given(
    st.lists(
        st.sampled_from(["actions", "frontstage", "backstage", "support", "emotions", "other"]),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
)
def test_a_line_is_drawn_iff_its_two_roles_meet_and_the_setting_is_on(
    roles: list[str], on: bool
) -> None:
    lanes = tuple(
        Lane(f"lane_{i}", f"Lane {i}", "text", role)  # type: ignore[arg-type]
        for i, role in enumerate(roles)
    )
    m = JourneyMap("m", lanes=lanes, phases=(load_template("basic").phases[0],))
    m = replace(m, phases=(replace(m.phases[0], cells={}),), blueprint_lines=on)
    found = blueprint_line_labels(m)
    for label, above, below in BLUEPRINT_LINES:
        where = _expected(lanes, above, below) if on else None
        drawn = [i for i, name in found.items() if name == label]
        assert drawn == ([] if where is None else [where])
        if where is not None:  # both roles exist, the upper one first
            assert lanes[where].role == below and above in roles[:where]
    if on and roles[:2] == ["actions", "frontstage"]:
        assert found[1] == INTERACTION


def test_kind_names() -> None:
    assert kind_name("service-blueprint") == "Service blueprint"
    assert [kind_name(k) for k in MAP_KINDS] == list(KIND_NAMES.values())
    for kind in MAP_KINDS:
        assert kind_of_name(kind) == kind
        assert kind_of_name(kind_name(kind).upper()) == kind
    assert kind_of_name("blueprint") is None


def test_cut_lane_titles_keep_their_last_word() -> None:
    assert shortened_title("Frontstage (visible)", 15) == "Front…(visible)"
    assert shortened_title("Backstage (invisible)", 15) == "Bac…(invisible)"
    assert shortened_title("Pain points", 15) == "Pain points"
    assert shortened_title("Extraordinarilylongword", 10) == "Extraordi…"
    for width in range(1, 25):
        assert len(shortened_title("Frontstage (visible)", width)) <= max(1, width)


# -- the file and JSON -------------------------------------------------------------------


def test_the_setting_is_written_only_when_off_and_reads_back() -> None:
    m = ebook_blueprint()
    assert "blueprint_lines" not in dumps(m)
    off = replace(m, blueprint_lines=False)
    text = dumps(off)
    assert "blueprint_lines = false" in text
    assert loads(text) == off
    assert loads(dumps(m)) == m


def test_a_setting_that_is_not_a_boolean_is_a_positioned_problem() -> None:
    text = dumps(ebook_blueprint()).replace(
        'kind = "service-blueprint"\n', 'kind = "service-blueprint"\nblueprint_lines = "no"\n'
    )
    with pytest.raises(MapFileError) as raised:
        loads(text, "m.toml")
    message = str(raised.value)
    assert "m.toml:4:" in message and "blueprint_lines must be true or false" in message


@given(maps(), st.booleans())
def test_the_setting_round_trips_through_toml_and_json(m: JourneyMap, on: bool) -> None:
    m = replace(m, blueprint_lines=on)
    assert loads(dumps(m)).blueprint_lines is on
    back = json_io.loads(json_io.dumps(m))
    assert back.blueprint_lines is on
    assert ("blueprint_lines" in json.loads(json_io.dumps(m))) is (not on)


# -- the views -------------------------------------------------------------------------


def test_print_draws_the_three_labelled_lines_between_the_right_lanes(run_cli, tmp_path) -> None:
    path = tmp_path / "ebook.toml"
    path.write_text(dumps(ebook_blueprint()), encoding="utf-8")
    for width in ("120", "80"):
        out = run_cli("print", path, "--width", width, env={"NO_COLOR": "1"}).stdout
        lines = out.splitlines()
        labels = [i for i, line in enumerate(lines) if "━ Line of" in line]
        assert len(labels) >= 3
        first = next(i for i, line in enumerate(lines) if "Line of interaction" in line)
        actions = next(i for i, line in enumerate(lines) if "│ Customer" in line)
        front = next(i for i, line in enumerate(lines) if "│ Frontstage" in line)
        assert actions < first < front
        visibility = next(i for i, line in enumerate(lines) if "Line of visibility" in line)
        back = next(i for i, line in enumerate(lines) if "│ Backstage" in line)
        assert front < visibility < back
        assert "Line of internal" in out and "\x1b" not in out
    linear = run_cli("print", "--linear", path).stdout
    assert "——— Line of visibility ———" in linear
    off = tmp_path / "off.toml"
    off.write_text(dumps(replace(ebook_blueprint(), blueprint_lines=False)), encoding="utf-8")
    assert "Line of" not in run_cli("print", off).stdout
    assert "Line of" not in run_cli("print", "--linear", off).stdout


def test_html_has_labelled_rules_and_the_kind_by_name() -> None:
    page = html_page.dumps(ebook_blueprint())
    assert "Journey map, Service blueprint" in page and "service-blueprint" not in page
    rows = page.count('<tr class="blueprint-line">')
    assert rows == 3
    visibility = page.index("<span>Line of visibility</span>")
    assert page.index(">Frontstage (visible)</th>") < visibility
    assert visibility < page.index(">Backstage (invisible)</th>")
    assert '<td colspan="7"><span>Line of interaction</span></td>' in page
    assert (
        "blueprint-line"
        not in html_page.dumps(replace(ebook_blueprint(), blueprint_lines=False)).split("<body>")[1]
    )


def test_svg_draws_labelled_bands() -> None:
    picture = svg.dumps(ebook_blueprint())
    for label in (INTERACTION, VISIBILITY, INTERNAL):
        assert f">{label}</tspan>" in picture
    assert picture.count('class="blueprint-line"') == 3
    assert ">Service blueprint</tspan>" in picture
    assert 'class="blueprint-line"' not in svg.dumps(
        replace(ebook_blueprint(), blueprint_lines=False)
    )


def test_markdown_has_a_labelled_row_per_line_and_imports_back_without_them() -> None:
    m = ebook_blueprint()
    page = markdown.dumps(m)
    assert "**Kind:** Service blueprint" in page
    assert "| ━━━ *Line of visibility* | ━━━ |" in page
    back = outline.loads(page, "ebook.md")
    assert [lane.title for lane in back.lanes] == [lane.title for lane in m.lanes]
    assert back.kind == "service-blueprint"
    assert [p.notes("customer_actions") for p in back.phases] == [
        p.notes("customer_actions") for p in m.phases
    ]


def test_the_linear_text_names_the_kind() -> None:
    assert "Kind: Service blueprint." in linear_dumps(ebook_blueprint())


def test_the_sample_blueprint_shows_all_three_lines() -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_maps" / "cafe-service-blueprint.toml"
    m = loads(sample.read_text(encoding="utf-8"))
    assert sorted(blueprint_line_labels(m).values()) == sorted([INTERACTION, VISIBILITY, INTERNAL])


def test_diff_and_merge_carry_the_setting() -> None:
    from cxtui.diff import diff_maps, format_diff
    from cxtui.merge import merge_maps

    base = ebook_blueprint()
    off = replace(base, blueprint_lines=False)
    text = format_diff(diff_maps(base, off), base, off)
    assert "blueprint lines: drawn → not drawn" in text
    assert merge_maps(base, base, off).blueprint_lines is False
    assert merge_maps(base, off, base).blueprint_lines is False
    assert merge_maps(base, base, base).blueprint_lines is True


@pytest.mark.parametrize("on", [True, False])
def test_the_setting_round_trips_through_csv(on: bool) -> None:
    from cxtui.interchange import csv_io

    m = replace(ebook_blueprint(), blueprint_lines=on)
    text = csv_io.dumps(m)
    assert ("#blueprint_lines,false" in text) is (not on)
    back = csv_io.loads(text)
    assert back.blueprint_lines is on
    assert csv_io.dumps(back) == text
