"""The floor of `cxtui print`: read the map with tomllib, print a plain Rich table.

    python benchmarks/floor_print.py FILE [--width N]

Phases are the columns and each lane is a row (the emotion lane shows the
score), printed with a Console `N` columns wide: the least work any Rich-based
printer of the same cells must do (start Python, import Rich, parse the TOML,
lay out and write tables). No validation, no model, no styling.

So that every note is legible, the phases are split into bands of as many
columns as fit the width (at 200 columns: 8, as `cxtui print` does), one plain
table per band. `--one-table` prints one table of all the phases instead: at
200 columns Rich then squeezes 60 phases into columns 1-2 characters wide and
cuts the notes to "…", which is less work than printing them.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from typing import Any

from rich.console import Console
from rich.table import Table


def table_of(document: dict[str, Any], phases: list[dict[str, Any]]) -> Table:
    """One column per phase of `phases`, one row per lane."""
    table = Table(show_lines=True)
    table.add_column("Lane")
    for phase in phases:
        table.add_column(f"{phase.get('stage', '')}\n{phase['title']}")
    for lane in document["lanes"]:
        row = [lane["title"]]
        for phase in phases:
            if lane.get("kind") == "emotion":
                row.append(str(phase.get("emotion", "")))
            else:
                row.append("\n".join(f"• {note}" for note in phase.get(lane["key"], [])))
        table.add_row(*row)
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--width", type=int, default=200)
    parser.add_argument("--one-table", action="store_true", help="no bands")
    args = parser.parse_args(argv)
    with open(args.file, "rb") as stream:
        document = tomllib.load(stream)
    console = Console(width=args.width, highlight=False, markup=False, emoji=False)
    console.print(document["title"])
    phases: list[dict[str, Any]] = document["phases"]
    per = len(phases) if args.one_table else max(1, (args.width - 18) // 21)
    for start in range(0, len(phases), per):
        console.print(table_of(document, phases[start : start + per]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
