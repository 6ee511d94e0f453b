"""cxtui: a keyboard-first terminal editor for customer journey maps."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`cxtui.__version__`, read from the installed package's metadata (pyproject.toml
    is the one place the version is written), only when asked for."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cxtui")
        except PackageNotFoundError:  # pragma: no cover - run from a bare checkout
            return "0+unknown"
    raise AttributeError(f"module 'cxtui' has no attribute {name!r}")
