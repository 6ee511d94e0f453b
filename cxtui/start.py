"""The `cxtui` command's entry point: the command line, started with no garbage collection
(see :mod:`cxtui.gc_pause`)."""

from __future__ import annotations

from cxtui import gc_pause


def main() -> int:
    """Run `cxtui` (:func:`cxtui.cli.main`), collecting no garbage while it starts."""
    gc_pause.pause()
    from cxtui.cli import main as run_command_line

    return run_command_line()
