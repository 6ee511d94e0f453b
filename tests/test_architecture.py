"""The layer rule of docs/architecture.md: lower layers import nothing of the higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cxtui"

#: Each module's layer: a module may import only from its own layer or lower ones.
LAYERS = {
    "cxtui.text": 0,
    "cxtui.model": 0,
    "cxtui.limits": 0,
    "cxtui.gc_pause": 0,
    "cxtui.locate": 1,
    "cxtui.fileformat": 1,
    "cxtui.document": 1,
    "cxtui.recovery": 1,
    "cxtui.background": 1,
    "cxtui.templates": 1,
    "cxtui.render": 2,
    "cxtui.interchange": 2,
    "cxtui.diff": 2,
    "cxtui.tui": 3,
    "cxtui.cli": 4,
    "cxtui.__main__": 4,
    "cxtui.start": 4,
    "cxtui": 0,
}
#: Outside packages each layer may not use.
FORBIDDEN = {0: ("rich", "textual", "tomli_w"), 1: ("rich", "textual"), 2: ("textual",)}


def layer_of(module: str) -> int:
    best = ""
    for name in LAYERS:
        if (module == name or module.startswith(name + ".")) and len(name) > len(best):
            best = name
    return LAYERS[best]


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def imports_of(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_module_imports_only_lower_layers(module: str, path: Path) -> None:
    own = layer_of(module)
    for imported in imports_of(path):
        if imported.startswith("cxtui"):
            assert layer_of(imported) <= own, f"{module} (layer {own}) imports {imported}"
        for forbidden in FORBIDDEN.get(own, ()):
            assert imported.split(".")[0] != forbidden, f"{module} imports {imported}"


def test_every_module_has_a_layer() -> None:
    assert len(modules()) >= 10
    for module, _ in modules():
        layer_of(module)  # raises KeyError when a module is in no layer
