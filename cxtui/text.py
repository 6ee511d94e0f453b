"""Neutralising user text: the one place where text enters the model.

A journey map's text is data. Control characters (ESC, BEL, the C1 range,
DEL) could drive the terminal (retitle it, write the clipboard with OSC 52),
and bidi overrides could make a note read differently from what it holds.
Every string that enters the model (tag names included) passes through
:func:`clean_line` or :func:`clean_block`, so nothing downstream (Rich,
Textual, exporters) ever sees them.
"""

from __future__ import annotations

import re

#: Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 controls except TAB/LF/CR, DEL, the C1 range, bidi controls, and lone
# surrogates (which no UTF-8 file can hold: a map with one could not be saved).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x85]+")
# A zero-width joiner joins a character to the one before it (the people of a family
# emoji, letter forms in some scripts); one at the start of a word, or after another,
# joins nothing. Rich 15 measures such stray joiners wrongly, and crashes cutting a line
# that starts with two of them and a wide character, so they are dropped.
_STRAY_JOINERS = re.compile(r"(?<!\S)\u200d+|(?<=\u200d)\u200d+")


def clean_line(text: str) -> str:
    """Return `text` as one safe line: controls and stray joiners dropped, tabs and breaks
    become spaces."""
    if text.isprintable():
        return text
    return _STRAY_JOINERS.sub("", _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)))


def clean_block(text: str) -> str:
    """Return multi-line `text` with controls dropped; newlines are kept, tabs become spaces."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _STRAY_JOINERS.sub("", _CONTROLS.sub("", text))
