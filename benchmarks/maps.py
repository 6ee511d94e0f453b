"""Deterministic journey maps for the benchmarks (seeded random, realistic content).

A generated map has a persona, a tag table, stages (runs of 3-7 phases), an
emotion score on most phases, and `lanes` lanes: one emotion lane and the rest
text lanes whose cells hold 1-3 notes of 20-80 characters (some with ``#tags``).
The same arguments always give the same map, byte for byte.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import tomli_w

_LANES = (
    ("actions", "Actions"),
    ("touchpoints", "Touchpoints"),
    ("thoughts", "Thoughts"),
    ("pain_points", "Pain points"),
    ("opportunities", "Opportunities"),
    ("backstage", "Backstage"),
    ("channels", "Channels"),
    ("metrics", "Metrics"),
)
_STAGES = (
    "Aware", "Consider", "Compare", "Buy", "Onboard", "Use", "Get help", "Renew", "Advocate",
)  # fmt: skip
_VERBS = (
    "Searches", "Reads", "Compares", "Asks about", "Opens", "Fills in", "Waits for", "Calls about",
    "Checks", "Shares", "Cancels", "Updates", "Downloads", "Books", "Pays for", "Reviews",
)  # fmt: skip
_OBJECTS = (
    "the pricing page", "a delivery slot", "the order status", "a refund", "the mobile app",
    "the loyalty card", "an invoice", "the chat assistant", "the returns form", "a coupon code",
    "the onboarding email", "the help centre", "a product review", "the account settings",
    "the store locator", "a payment plan",
)  # fmt: skip
_TAILS = (
    "before lunch", "on the train", "with a friend", "for the second time", "late at night",
    "while on hold", "from the newsletter", "after a reminder", "on a small screen",
    "without logging in", "in the shop", "because the link broke",
)  # fmt: skip
_TAGS = ("#pain", "#idea", "#question", "#delight", "#risk", "#opportunity")


def _note(rng: random.Random) -> str:
    """One note of 20 to 80 characters."""
    words = [rng.choice(_VERBS), rng.choice(_OBJECTS)]
    if rng.random() < 0.7:
        words.append(rng.choice(_TAILS))
    if rng.random() < 0.25:
        words.append(rng.choice(_TAGS))
    note = " ".join(words)
    while len(note) < 20:
        note += " " + rng.choice(_TAILS)
    return note[:80].rstrip()


def _text_lanes(count: int) -> tuple[tuple[str, str], ...]:
    """`count` text lanes: the named ones first, then ``lane_10``, ``lane_11``, ..."""
    extra = tuple((f"lane_{n}", f"Lane {n}") for n in range(len(_LANES) + 2, count + 2))
    return (_LANES + extra)[:count]


def make_map(
    phases: int,
    lanes: int = 6,
    seed: int = 0,
    title: str | None = None,
    notes: tuple[int, int] = (1, 3),
) -> dict[str, Any]:
    """A map as a TOML-shaped dict: `phases` phases by `lanes` lanes (one of them emotion),
    `notes` (least, most) notes per text cell."""
    if not 2 <= lanes <= 50:
        raise ValueError("lanes must be 2..50")
    salt = "" if notes == (1, 3) else f"-{notes[0]}-{notes[1]}"
    rng = random.Random(f"cxtui-bench-{phases}-{lanes}-{seed}{salt}")
    text_lanes = _text_lanes(lanes - 1)
    lane_tables: list[dict[str, Any]] = [
        {"key": key, "title": name, "kind": "text"} for key, name in text_lanes
    ]
    lane_tables.insert(2, {"key": "feeling", "title": "Feeling", "kind": "emotion"})
    phase_tables: list[dict[str, Any]] = []
    stage_left = stages = 0
    stage = ""
    for i in range(phases):
        if stage_left == 0:
            stage = f"{_STAGES[stages % len(_STAGES)]} {stages // len(_STAGES) + 1}"
            stages += 1
            stage_left = rng.randint(3, 7)
        stage_left -= 1
        table: dict[str, Any] = {"title": f"P{i + 1} {rng.choice(_VERBS)}", "stage": stage}
        if rng.random() < 0.9:
            table["emotion"] = rng.randint(-2, 2)
        for key, _ in text_lanes:
            count = rng.randint(*notes)
            if count:
                table[key] = [_note(rng) for _ in range(count)]
        phase_tables.append(table)
    return {
        "cxtui": 1,
        "title": title or f"Bench {phases}",  # short: the header cuts a long title
        "kind": "current-state",
        "description": "A generated map for the benchmarks.",
        "persona": {
            "name": "Robin Example",
            "role": "Busy parent shopping online",
            "quote": "I just want it to arrive on time.",
            "goals": ["Order quickly", "Know when it arrives"],
            "needs": ["Clear prices"],
            "frustrations": ["Hidden fees", "Long waits on the phone"],
        },
        "emotion_scale": {"min": -2, "max": 2},
        "tags": {"pain": "red", "idea": "green", "question": "yellow"},
        "lanes": lane_tables,
        "phases": phase_tables,
    }


def map_text(
    phases: int,
    lanes: int = 6,
    seed: int = 0,
    title: str | None = None,
    notes: tuple[int, int] = (1, 3),
) -> str:
    """The TOML text of :func:`make_map`."""
    return tomli_w.dumps(make_map(phases, lanes, seed, title, notes))


def write_map(
    path: Path,
    phases: int,
    lanes: int = 6,
    seed: int = 0,
    title: str | None = None,
    notes: tuple[int, int] = (1, 3),
) -> Path:
    """Write a generated map to `path`; returns `path`."""
    path.write_text(map_text(phases, lanes, seed, title, notes), encoding="utf-8")
    return path


#: The maps at cxtui's limits (cxtui/limits.py): name -> (phases, lanes, notes per cell).
#: "wide" has the most phases and lanes (sparse cells keep it under 2 MiB); "large" is
#: 1,000 phases of full cells, just under the 2 MiB a file may have.
LIMIT_MAPS = {"wide": (1000, 50, (0, 1)), "large": (1000, 9, (3, 6))}


def write_limit_map(path: Path, name: str) -> Path:
    """Write the limit map `name` (see :data:`LIMIT_MAPS`) to `path`; returns `path`."""
    phases, lanes, notes = LIMIT_MAPS[name]
    return write_map(path, phases, lanes, notes=notes)


def write_folder(
    folder: Path, count: int, min_phases: int = 10, max_phases: int = 40
) -> list[Path]:
    """Write `count` maps of `min_phases`..`max_phases` phases into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"cxtui-bench-folder-{count}")
    paths = []
    for n in range(count):
        phases = rng.randint(min_phases, max_phases)
        paths.append(write_map(folder / f"map-{n:04d}.toml", phases, seed=n))
    return paths
