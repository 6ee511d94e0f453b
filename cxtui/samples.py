"""The sample maps: shipped inside the package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: The sample the editor opens (as a scratch copy) when it is given no file.
SCRATCH_SAMPLE = "online-shop-purchase.toml"


def sample_folder() -> Path:
    """The folder of sample maps: `cxtui/sample_maps` in an installed wheel, else the
    checkout's `sample_maps/` (an editable install runs from the source tree)."""
    packaged = _HERE / "sample_maps"
    return packaged if packaged.is_dir() else _HERE.parent / "sample_maps"


def sample_paths() -> list[Path]:
    """Every sample map, by name."""
    return sorted(sample_folder().glob("*.toml"))
