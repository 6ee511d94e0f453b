"""What users install: the wheel, built and installed into a fresh virtual environment,
works on its own (no source tree): version, print of the shipped sample, the editor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel .` builds from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("cxtui-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with only the wheel installed."""
    env = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    subprocess.run(
        [
            env / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            wheel,
        ],
        check=True,
        timeout=600,
    )
    return env / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command of the fresh environment away from the checkout."""
    environment = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(cwd), "NO_COLOR": "1"}
    return subprocess.run(
        [bin_dir / args[0], *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_wheel_ships_what_the_program_needs_and_no_test_tools(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    samples = {p.name for p in (ROOT / "sample_maps").glob("*.toml")}
    assert samples and {f"cxtui/sample_maps/{s}" for s in samples} <= names
    assert "cxtui/tui/cxtui.tcss" in names
    assert "cxtui/py.typed" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert not any(n.startswith("tests/") for n in names)
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))
    )
    text = metadata.decode()
    assert "License-Expression: MIT" in text
    assert "Provides-Extra: test" not in text
    requires = [line for line in text.splitlines() if line.startswith("Requires-Dist:")]
    assert requires and not any("pytest" in r or "mypy" in r or "ruff" in r for r in requires)


def test_the_installed_command_reports_the_version_of_pyproject(
    installed: Path, tmp_path: Path
) -> None:
    result = run(installed, "cxtui", "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"cxtui {PYPROJECT['project']['version']}"


def test_the_installed_command_prints_the_shipped_sample(installed: Path, tmp_path: Path) -> None:
    where = run(
        installed,
        "python",
        "-c",
        "from cxtui.samples import sample_folder; print(sample_folder())",
        cwd=tmp_path,
    )
    folder = Path(where.stdout.strip())
    assert folder.is_dir() and ROOT not in folder.parents, folder
    sample = folder / "online-shop-purchase.toml"
    result = run(installed, "cxtui", "print", str(sample), "--width", "100", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    title = tomllib.loads(sample.read_text())["title"]
    assert title in result.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_installed_editor_opens_the_sample_with_no_file(
    installed: Path, tmp_path: Path
) -> None:
    socket = f"cxtui-packaging-{os.getpid()}"
    sample = ROOT / "sample_maps" / "online-shop-purchase.toml"
    title = tomllib.loads(sample.read_text())["title"]
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [*tmux, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "36", "-c", tmp_path,
         f"env -u NO_COLOR PATH={installed}:/usr/bin:/bin HOME={tmp_path} {installed / 'cxtui'}"],
        check=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline and title not in screen:
            time.sleep(0.2)
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
        assert title in screen, screen
        assert "Scratch map" not in screen
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
