"""The layers of docs/architecture.md are import-linter contracts in pyproject.toml,
checked by `lint-imports` (run by `python3 dev.py test`). These tests keep the contract
honest: every module is in a layer, and the contract breaks when a layer is crossed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from import_helpers import imports_of

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cxtui"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def layered_modules() -> set[str]:
    (layers,) = [c["layers"] for c in contracts() if c["type"] == "layers"]
    assert isinstance(layers, list)
    return {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}


def top_level_modules() -> set[str]:
    names = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    names |= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return {f"cxtui.{name}" for name in names}


def test_every_module_is_in_a_layer() -> None:
    modules = top_level_modules()
    assert len(modules) >= 15
    assert modules - layered_modules() == set()
    assert layered_modules() - modules == set(), "the contract names a module that is gone"


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
def test_the_contract_breaks_when_a_lower_layer_imports_a_higher_one(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "cxtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    kept = subprocess.run(
        [LINT_IMPORTS], cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy)}
    )
    assert kept.returncode == 0, kept.stdout
    with (copy / "cxtui" / "model.py").open("a") as model:
        model.write("\nfrom cxtui import render  # noqa: E402\n")
    with (copy / "cxtui" / "render.py").open("a") as render:
        render.write("\nimport textual  # noqa: E402\n")
    broken = subprocess.run(
        [LINT_IMPORTS], cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy)}
    )
    assert broken.returncode != 0
    assert "cxtui.model -> cxtui.render" in broken.stdout
    assert "cxtui.render -> textual" in broken.stdout


def modules_drawn_in(*args: str, cwd: Path) -> tuple[int, list[str]]:
    """The exit code of `cxtui ARGS` and which of Rich's and Textual's modules it imported."""
    code, modules = imports_of(args, cwd)
    return code, [m for m in modules if m.split(".")[0] in ("rich", "textual")]


@pytest.mark.parametrize("to", ["md", "html", "mermaid", "svg", "csv", "json"])
def test_the_non_terminal_exports_import_neither_rich_nor_textual(tmp_path: Path, to: str) -> None:
    sample = ROOT / "sample_maps" / "cafe-service-blueprint.toml"  # stages, marks, blueprint
    code, drawing = modules_drawn_in("export", str(sample), "--to", to, cwd=tmp_path)
    assert code == 0
    assert drawing == []


def test_the_export_import_check_would_see_rich(tmp_path: Path) -> None:
    # the control for the test above: printing a map does bring Rich in
    sample = ROOT / "sample_maps" / "cafe-service-blueprint.toml"
    code, drawing = modules_drawn_in("print", str(sample), cwd=tmp_path)
    assert code == 0
    assert "rich.console" in drawing
