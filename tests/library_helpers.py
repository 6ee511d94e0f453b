"""A folder of maps for the library tests: two that load, one broken, and files that are
not maps (hidden, a recovery copy, other TOML, text)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tui_helpers import sample_map, text_only_map, write_map

from cxtui.fileformat import dumps, read_map, save_map, save_persona
from cxtui.model import Persona
from cxtui.recovery import recovery_path
from cxtui.templates import TEMPLATES, load_template

#: The broken map's text: two problems, the first on line 3.
BROKEN = (
    'cxtui = 1\ntitle = "Broken"\nkind = "sideways"\n'
    '[[lanes]]\nkey = "actions"\ntitle = "Actions"\n[[phases]]\ntitle = 5\n'
)


def library_folder(root: Path, *, recovery: bool = False) -> Path:
    """`root`/maps with coffee.toml, team/onboarding.toml, broken.toml and non-maps
    (with `recovery`, a recovery copy of coffee.toml too)."""
    folder = root / "maps"
    (folder / "team").mkdir(parents=True)
    coffee = write_map(folder / "coffee.toml", sample_map("Coffee order"))
    write_map(folder / "team" / "onboarding.toml", text_only_map("Onboarding"))
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    # Not maps: hidden files and folders, a recovery copy, other TOML, other files.
    (folder / ".hidden.toml").write_text(dumps(sample_map("Hidden")), encoding="utf-8")
    (folder / ".git").mkdir()
    write_map(folder / ".git" / "inside.toml", sample_map("In git"))
    if recovery:
        copy = dumps(sample_map("Recovered"))
        recovery_path(coffee).write_text(copy, encoding="utf-8")
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (folder / "notes.txt").write_text("cxtui = 1\n", encoding="utf-8")
    return folder


def team_folder(root: Path) -> Path:
    """A map of every template (the basic one's persona shared, its 2nd phase linked to
    the experience map), a broken map, and the persona file."""
    folder = root / "team"
    (folder / "personas").mkdir(parents=True)
    (folder / "detail").mkdir()
    for name in TEMPLATES:
        where = folder / "detail" if name == "experience-map" else folder
        save_map(load_template(name, f"Team {name}"), where / f"{name}.toml")
    basic = read_map(folder / "basic.toml")
    save_persona(basic.persona or Persona("Ann Okafor"), folder / "personas" / "ann.toml")
    phases = list(basic.phases)
    phases[1] = replace(phases[1], link="detail/experience-map.toml")
    save_map(
        replace(basic, persona_file="personas/ann.toml", phases=tuple(phases)),
        folder / "basic.toml",
    )
    (folder / "broken.toml").write_text('cxtui = 1\ntitle = "Broken"\n', encoding="utf-8")
    return folder


def future_of(title: str) -> str:
    """The title a future-state copy of a map titled `title` gets."""
    return f"{title.removesuffix(' (current state)')} (future state)"


__all__ = ["BROKEN", "future_of", "library_folder", "replace"]


def _link(path: Path, phase: int, target: str) -> None:
    journey = read_map(path)
    phases = list(journey.phases)
    phases[phase] = replace(phases[phase], link=target)
    save_map(replace(journey, phases=tuple(phases)), path)


def linked_team_folder(root: Path) -> Path:
    """:func:`team_folder` with a chain of links three maps deep (basic > experience map
    > service blueprint), a second map linking to the experience map (future state), a
    link to the broken map (touchpoint map) and one to a missing file (day in the life)."""
    folder = team_folder(root)
    _link(folder / "detail" / "experience-map.toml", 0, "../service-blueprint.toml")
    _link(folder / "future-state.toml", 0, "detail/experience-map.toml")
    _link(folder / "touchpoint-map.toml", 0, "broken.toml")
    _link(folder / "day-in-the-life.toml", 0, "missing.toml")
    return folder
