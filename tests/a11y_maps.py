"""Maps the accessibility tests read: every sample and golden map, and one written for them."""

from __future__ import annotations

from pathlib import Path

from cxtui.fileformat import read_map
from cxtui.model import EmotionScale, JourneyMap, Lane, Persona, Phase

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_maps").glob("*.toml"))
GOLDEN = [ROOT / "tests" / "golden" / "fixture.toml",
          *sorted((ROOT / "tests" / "golden" / "maps").glob("*.toml"))]  # fmt: skip


def unseen_map() -> JourneyMap:
    """A map no export was tuned on: no stages, a wide scale, pale tag colours of its own,
    long words, an unrated phase, emoji with skin tones, right-to-left text and markup."""
    lanes = (
        Lane("doing", "What the visitor does"),
        Lane("feel", "Feeling", "emotion"),
        Lane("snags", "Snags & ideas"),
    )
    phases = (
        Phase("Hears about the Bürgeramt", None, 3, {"doing": ("Asks a neighbour 👍🏽",)}),
        Phase(
            "Antragsformularausfüllhilfe",
            None,
            -5,
            {
                "doing": ("Reads Aufenthaltstitelverlängerungsantrag twice",),
                "snags": ("#wait 40 minutes in the queue", "#hint <b>bold</b> & [link](x)"),
            },
        ),
        Phase("Waits", None, None, {"snags": ("#wait nobody says how long",)}),
        Phase("مكتب", None, 0, {"doing": ("يقرأ اللافتة",)}),
        Phase("Leaves with the permit", None, 5, {"doing": ("~Celebrates~ 🎉",)}),
    )
    return JourneyMap(
        "Renewing a residence permit: A & B <i>test</i>",
        "future-state",
        "Written for the accessibility tests only.\nSecond line.",
        Persona(name="Dana", role="Visitor", goals=("Get the permit",)),
        EmotionScale(-5, 5),
        lanes,
        phases,
        {"wait": "#ffee58", "hint": "bright_cyan", "idea": "white"},
    )


def all_maps() -> list[tuple[str, JourneyMap]]:
    """(name, map) of every sample map, every golden map and the unseen map."""
    found = [(path.stem, read_map(path)) for path in [*SAMPLES, *GOLDEN]]
    return [*found, ("unseen", unseen_map())]
