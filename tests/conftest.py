"""Shared fixtures: a small realistic map, map files on disk, and the installed `cxtui`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from cxtui.fileformat import dumps
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase

#: The installed command, next to the interpreter running the tests.
CXTUI = str(Path(sys.executable).parent / "cxtui")
ROOT = Path(__file__).resolve().parent.parent

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
WriteFile = Callable[..., Path]


def realistic_map() -> JourneyMap:
    """Ann buys running shoes online: 4 phases in 3 stages, 4 lanes, a persona and tags."""
    lanes = (
        Lane("actions", "Actions"),
        Lane("thoughts", "Thoughts"),
        Lane("emotions", "Emotions", "emotion"),
        Lane("pain_points", "Pain points"),
    )
    phases = (
        Phase(
            "Discover",
            "Before purchase",
            1,
            {"actions": ("Searches for her shoe model", "Compares three shops")},
        ),
        Phase(
            "Compare sizes",
            "Before purchase",
            -1,
            {
                "actions": ("Reads the size charts",),
                "thoughts": ("Which chart is right?",),
                "pain_points": ("#pain Charts disagree by half a size",),
            },
        ),
        Phase(
            "Checkout",
            "Purchase",
            -2,
            {
                "actions": ("Creates an account to pay",),
                "pain_points": ("#pain Forced account creation", "#idea Guest checkout"),
            },
        ),
        Phase("Delivery", "After purchase", None, {"thoughts": ("Will they fit?",)}),
    )
    return JourneyMap(
        title="Buying running shoes online",
        kind="current-state",
        description="Ann replaces her worn-out running shoes.\nInterviews, March 2026.",
        persona=Persona(
            name="Ann Okafor",
            role="Weekend runner",
            goals=("Same model, right size",),
            needs=("Clear stock and delivery dates",),
            frustrations=("Size charts that disagree",),
            quote="I just want the same shoes again, quickly.",
        ),
        scale=EmotionScale(-2, 2),
        lanes=lanes,
        phases=phases,
        tags={"pain": "red", "idea": "#1e88e5"},
    )


@pytest.fixture(autouse=True)
def own_config_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test (and every `cxtui` it runs) has an empty config folder of its own, never
    the person's ~/.config/cxtui: returns the XDG_CONFIG_HOME it points at."""
    folder = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("CXTUI_CONFIG", raising=False)
    return folder


@pytest.fixture
def small_map() -> JourneyMap:
    """A small, realistic map (see :func:`realistic_map`)."""
    return realistic_map()


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text (str), bytes or a map to a file under tmp_path; returns the path."""

    def write(content: str | bytes | JourneyMap, name: str = "map.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, JourneyMap):
            content = dumps(content)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write


@pytest.fixture
def map_file(write_file: WriteFile, small_map: JourneyMap) -> Path:
    """The small map saved as tmp_path/map.toml."""
    return write_file(small_map)


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run the installed `cxtui` with NO_COLOR unset, COLUMNS=100 and a timeout.

    Keyword `env` adds or overrides variables (a value of None removes one).
    """

    def run(
        *args: str | os.PathLike[str],
        env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "LINES", "COLUMNS", "TERM")
        }
        environment["COLUMNS"] = "100"
        environment["PYTHONIOENCODING"] = "utf-8"
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        return subprocess.run(
            [CXTUI, *map(os.fspath, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            env=environment,
            cwd=cwd or tmp_path,
            stdin=subprocess.DEVNULL,
        )

    return run


@pytest.fixture
def map_path(tmp_path: Path) -> Path:
    """The editor tests' sample map (tui_helpers.sample_map) written to coffee.toml."""
    from tui_helpers import sample_map, write_map

    return write_map(tmp_path / "coffee.toml", sample_map())
