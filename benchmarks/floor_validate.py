"""The floor of `cxtui validate -q`: parse every file with tomllib, print nothing.

    python benchmarks/floor_validate.py FILE...

Exits 1 (and names the file) if one is not TOML, as `cxtui validate` would.
"""

from __future__ import annotations

import sys
import tomllib


def main(files: list[str]) -> int:
    failed = 0
    for name in files:
        try:
            with open(name, "rb") as stream:
                tomllib.load(stream)
        except (OSError, tomllib.TOMLDecodeError) as error:
            print(f"{name}: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
