"""Frozen dataclasses made without generated code.

``@dataclass(frozen=True)`` compiles six methods for every class it makes (``exec`` of
their source): about 0.7 ms a class, and every command, and the editor's first frame,
made dozens of them at start-up. :func:`record` makes the same class, to type checkers
exactly a frozen dataclass, and at run time a dataclass of fields only (so
:func:`dataclasses.replace` and :func:`dataclasses.fields` work) whose ``__init__``,
``__repr__``, ``__eq__``, ``__hash__`` and read-only attributes are shared functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, field
from inspect import Parameter, Signature
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, order: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, order: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """`cls` as a frozen dataclass: an ``__init__`` of its fields in order (defaults and
    default factories as :func:`dataclasses.field` gives them) that calls
    ``__post_init__`` if the class has one; equal to an instance of the same class with
    equal fields; hashed by its fields; its fields read-only; with `order`, ordered by
    its fields (``@record(order=True)``)."""
    if cls is None:
        return lambda cls: _make(cls, order=order)
    return _make(cls, order=order)


def _make(cls: type[T], *, order: bool) -> type[T]:
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # fields alone
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    required = tuple(
        f.name for f in fields if f.default is MISSING and f.default_factory is MISSING
    )
    defaults = {f.name: f.default for f in fields if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not MISSING}
    post_init: Callable[[Any], None] | None = getattr(cls, "__post_init__", None)
    values_of = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    name_set = frozenset(names)
    qualname = cls.__qualname__

    n = len(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not kwargs and len(args) == n:
            values = dict(zip(names, args, strict=True))  # (every field in order)
        elif not args and len(kwargs) == n and kwargs.keys() == name_set:
            values = kwargs  # (every field by name: dataclasses.replace)
        else:
            if len(args) > n:
                raise TypeError(f"{qualname}() takes {n} arguments, {len(args)} given")
            values = dict(defaults)
            values.update(zip(names, args, strict=False))
            if kwargs:
                _check_names(qualname, names[: len(args)], name_set, kwargs)
                values.update(kwargs)
            for name, factory in factories.items():
                if name not in values:
                    values[name] = factory()
            if len(values) < n:
                missing = [name for name in required if name not in values]
                raise TypeError(f"{qualname}() missing arguments: {', '.join(missing)}")
        object.__setattr__(self, "__dict__", values)
        if post_init is not None:
            post_init(self)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values_of(self) == values_of(other))

    def __hash__(self: Any) -> int:
        return hash(values_of(self))

    def __repr__(self: Any) -> str:
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(names, values_of(self), strict=True)
        )
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    methods: list[Callable[..., Any]] = [__init__, __eq__, __hash__, __repr__]
    methods += [__setattr__, __delattr__]
    if order:
        methods += _ordering(values_of)
    for method in methods:
        method.__qualname__ = f"{qualname}.{method.__name__}"
        setattr(cls, method.__name__, method)
    cls.__signature__ = Signature(  # type: ignore[attr-defined]  # (for inspect, hypothesis)
        [
            Parameter(
                f.name,
                Parameter.POSITIONAL_OR_KEYWORD,
                default=Parameter.empty if f.name in required else defaults.get(f.name),
            )
            for f in fields
        ]
    )
    return cls


def _ordering(values_of: Callable[[Any], tuple[Any, ...]]) -> list[Callable[..., Any]]:
    """``__lt__``, ``__le__``, ``__gt__`` and ``__ge__`` by the fields, in order."""

    def __lt__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values_of(self) < values_of(other))

    def __le__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values_of(self) <= values_of(other))

    def __gt__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values_of(self) > values_of(other))

    def __ge__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values_of(self) >= values_of(other))

    return [__lt__, __le__, __gt__, __ge__]


def _check_names(
    qualname: str, given: tuple[str, ...], name_set: frozenset[str], kwargs: dict[str, Any]
) -> None:
    """Refuse (TypeError) a name that is no field, or a field `given` by position too."""
    if not kwargs.keys() <= name_set:
        unknown = next(name for name in kwargs if name not in name_set)
        raise TypeError(f"{qualname}() got an unexpected argument {unknown!r}")
    twice = kwargs.keys() & set(given)
    if twice:
        raise TypeError(f"{qualname}() got multiple values for argument {min(twice)!r}")
