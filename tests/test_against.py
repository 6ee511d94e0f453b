"""A current map against its future: phases paired by identity, else title, position, notes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import maps

from cxtui.against import compare, pair_phases
from cxtui.fileformat import read_map
from cxtui.model import InsertPhase, JourneyMap, Phase, RemovePhase, SetPhase

SAMPLES = Path(__file__).resolve().parent.parent / "sample_maps"
SHOP = read_map(SAMPLES / "online-shop-purchase.toml")
FUTURE = read_map(SAMPLES / "online-shop-future.toml")


def paired(current: JourneyMap, future: JourneyMap) -> dict[int, int]:
    return {i: j for i, j in pair_phases(current, future) if i is not None and j is not None}


def test_the_sample_future_pairs_phase_by_phase_and_adds_reorder() -> None:
    pairs = pair_phases(SHOP, FUTURE)
    assert pairs == [(i, i) for i in range(7)] + [(None, 7)]


def test_a_renamed_phase_pairs_with_its_original() -> None:
    future = SetPhase(3, "Pay", None).apply(FUTURE)[0]
    future = SetPhase(1, "Check delivery and returns", None).apply(future)[0]
    assert paired(SHOP, future)[3] == 3
    assert paired(SHOP, future)[1] == 1


def test_a_removed_and_an_inserted_phase_leave_the_others_paired() -> None:
    future = RemovePhase(2).apply(FUTURE)[0]  # no "Choose size" any more
    future = InsertPhase(0, Phase("See an advert")).apply(future)[0]
    pairs = pair_phases(SHOP, future)
    assert (2, None) in pairs and (None, 0) in pairs
    assert paired(SHOP, future)[3] == 3  # Checkout: now at 3 of the future too
    assert paired(SHOP, future)[0] == 1


def test_identity_wins_over_title_and_position() -> None:
    current = replace(
        SHOP,
        phases=tuple(replace(p, id=f"p{i}") for i, p in enumerate(SHOP.phases)),
    )
    # the future swaps the titles of two phases but keeps their identities in place
    future_phases = list(current.phases)
    future_phases[1], future_phases[2] = (
        replace(future_phases[1], title=current.phases[2].title),
        replace(future_phases[2], title=current.phases[1].title),
    )
    future = replace(current, phases=tuple(future_phases))
    assert paired(current, future) == {i: i for i in range(7)}
    # phases whose identities both maps hold pair only with their own, however alike
    shuffled = replace(
        current,
        phases=tuple(replace(p, id=f"p{(i + 1) % 7}") for i, p in enumerate(current.phases)),
    )
    assert paired(current, shuffled) == {i: i - 1 for i in range(1, 7)}
    # a map made separately (identities of its own) is paired by title, place and notes
    other = replace(
        current, phases=tuple(replace(p, id=f"x{i}") for i, p in enumerate(current.phases))
    )
    assert paired(current, other) == {i: i for i in range(7)}


def test_the_headline_is_the_change_at_the_worst_moment() -> None:
    c = compare(SHOP, FUTURE)
    assert c.headline.startswith("At the worst moment, phase 4 “Checkout” (-2)")
    assert "up 3 steps" in c.headline and "removes 3 of its 3 pain points" in c.headline
    checkout = c.moves[3]
    assert (checkout.before, checkout.after, checkout.change) == (-2, 1, 3)
    assert checkout.remaining == ()
    assert c.moves[0].remaining == ("#pain Ad price excludes the discount code's conditions",)


@given(maps(max_phases=8))
def test_a_map_against_itself_pairs_every_phase_with_itself(m: JourneyMap) -> None:
    assert pair_phases(m, m) == [(i, i) for i in range(len(m.phases))]
    assert all(move.removed == () for move in compare(m, m).moves)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(max_phases=6), maps(max_phases=6))
def test_pairs_keep_both_orders_and_every_phase_once(a: JourneyMap, b: JourneyMap) -> None:
    pairs = pair_phases(a, b)
    lefts = [i for i, _ in pairs if i is not None]
    rights = [j for _, j in pairs if j is not None]
    assert lefts == list(range(len(a.phases)))
    assert rights == list(range(len(b.phases)))
