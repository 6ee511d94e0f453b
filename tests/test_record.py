"""cxtui.record: a frozen dataclass made without generated code behaves as one."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxtui.model import JourneyMap, Lane, Phase
from cxtui.record import record


@record
class Made:
    a: int
    b: str = "b"
    c: list[int] = field(default_factory=list)
    d: int | None = None


@dataclass(frozen=True)
class Generated:
    a: int
    b: str = "b"
    c: list[int] = field(default_factory=list)
    d: int | None = None


@record(order=True)
class Point:
    x: int
    y: str


MADE, GENERATED = Made, Generated
_args = st.lists(st.one_of(st.integers(-2, 2), st.text(max_size=2)), max_size=5)
_kwargs = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(-2, 2))


def _outcome(cls: type[Any], args: list[Any], kwargs: dict[str, Any]) -> object:
    try:
        made = cls(*args, **kwargs)
    except TypeError:
        return TypeError
    return (dataclasses.astuple(made), repr(made).split("(", 1)[1])


@given(_args, _kwargs)
def test_made_as_a_frozen_dataclass_would_be(args: list[Any], kwargs: dict[str, Any]) -> None:
    assert _outcome(MADE, args, kwargs) == _outcome(GENERATED, args, kwargs)


@given(st.integers(-2, 2), st.integers(-2, 2), st.text(max_size=2), st.text(max_size=2))
def test_equal_hashed_and_ordered_by_fields(a: int, a2: int, b: str, b2: str) -> None:
    one, two = Point(a, b), Point(a2, b2)
    assert (one == two) == ((a, b) == (a2, b2))
    assert one == Point(a, b) and hash(one) == hash(Point(a, b)) == hash((a, b))
    assert MADE(a) != GENERATED(a)  # type: ignore[comparison-overlap]  # (another class)
    assert (one < two) == ((a, b) < (a2, b2))
    assert (one >= two) == ((a, b) >= (a2, b2))
    assert sorted([two, one]) == [Point(*p) for p in sorted([(a2, b2), (a, b)])]
    with pytest.raises(TypeError):
        hash(MADE(a))  # a list field: unhashable, as for a dataclass
    with pytest.raises(TypeError):
        hash(GENERATED(a))


def test_fields_are_read_only() -> None:
    made = MADE(1)
    with pytest.raises(FrozenInstanceError):
        made.a = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del made.b
    assert made.a == 1


def test_each_default_factory_gives_a_new_value() -> None:
    assert MADE(1).c == [] and MADE(1).c is not MADE(1).c


def test_replace_fields_pickle_and_signature_work_as_for_a_dataclass() -> None:
    made = MADE(1, "x", [2])
    assert dataclasses.replace(made, b="y") == MADE(1, "y", [2])
    assert [f.name for f in dataclasses.fields(made)] == ["a", "b", "c", "d"]
    assert pickle.loads(pickle.dumps(made)) == made
    assert pickle.loads(pickle.dumps(Point(1, "y"))) == Point(1, "y")
    assert MADE.__match_args__ == ("a", "b", "c", "d")
    assert str(MADE.__signature__) == "(a, b='b', c=None, d=None)"  # type: ignore[attr-defined]


def test_post_init_runs_and_may_set_fields() -> None:
    lane = Lane("pain_points", " Pains\u202e ")
    assert lane.role == "pain_points"  # (set by Lane.__post_init__)
    assert lane.title == " Pains "
    assert dataclasses.replace(lane, title="P") == Lane("pain_points", "P")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Phase(),  # type: ignore[call-arg]
        lambda: Phase("a", title="b"),  # type: ignore[misc]
        lambda: Phase("a", nope=1),  # type: ignore[call-arg]
        lambda: Lane("a", "b", "text", None, 1),  # type: ignore[call-arg, arg-type]
    ],
)
def test_wrong_arguments_are_a_type_error(make: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        make()


def test_no_frozen_dataclass_of_cxtui_is_generated_code() -> None:
    # Every frozen class of cxtui is a record (whose methods are shared, not compiled at
    # start-up); what remains of @dataclass is mutable builders and one CSV cell.
    import importlib
    import pkgutil

    import cxtui

    frozen = []
    for info in pkgutil.walk_packages(cxtui.__path__, "cxtui."):
        if info.name.endswith(("__main__", ".serve")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            params = getattr(value, "__dataclass_params__", None)
            own = isinstance(value, type) and value.__module__ == info.name
            if own and params is not None and params.frozen:
                frozen.append(value.__qualname__)
    assert frozen == ["Cell"]  # (csv_io: "record" is a CSV word there)
    for cls in (JourneyMap, Phase, Lane):
        assert cls.__init__.__module__ == "cxtui.record"
