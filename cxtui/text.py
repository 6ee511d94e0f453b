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

# The patterns below are compiled by `re` when first used (and kept in its cache): most
# text is printable and never needs them, and their wide ranges take ~2 ms to compile,
# which every start of the editor would pay.

# C0 controls except TAB/LF/CR, DEL, the C1 range, bidi controls, and lone
# surrogates (which no UTF-8 file can hold: a map with one could not be saved).
_CONTROLS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]"
_LINE_BREAKS = r"[\t\r\n\u2028\u2029\x85]+"
# Emoji that a zero-width joiner may join (👨‍👩‍👧, ❤️‍🔥, 🏳️‍🌈, 🧑‍⚕️), and what may
# stand between an emoji and a joiner: a variation selector or a skin tone.
_EMOJI = "[\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
_EMOJI_TAIL = "\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"


def drop_stray_joiners(text: str) -> str:
    """`text` with the zero-width joiners that do not join two emoji dropped.

    Rich 15 measures a joiner as taking the next character into the one before it:
    right for a family emoji, wrong anywhere else (``中\u200d中`` is 2 cells to Rich and 4 to a
    terminal, so a line holding it is drawn wider than measured), and it crashes cutting a
    line that starts with two joiners and a wide character. Only the emoji kind is kept.
    """
    if "\u200d" not in text:
        return text
    kept: list[str] = []
    for i, char in enumerate(text):
        if char == "\u200d":
            j = i - 1
            while j >= max(0, i - 2) and text[j] in _EMOJI_TAIL:  # at most a selector and a tone
                j -= 1
            before = text[j] if j >= 0 else ""
            after = text[i + 1 : i + 2]
            if not (re.match(_EMOJI, before) and re.match(_EMOJI, after)):
                continue
        kept.append(char)
    return "".join(kept)


def clean_line(text: str) -> str:
    """Return `text` as one safe line: controls and stray joiners dropped
    (:func:`drop_stray_joiners`), tabs and breaks become spaces."""
    if text.isprintable():
        return text
    return drop_stray_joiners(re.sub(_CONTROLS, "", re.sub(_LINE_BREAKS, " ", text)))


def clean_block(text: str) -> str:
    """Return multi-line `text` with controls and stray joiners dropped; newlines are kept,
    tabs become spaces."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return drop_stray_joiners(re.sub(_CONTROLS, "", text))


_UNPRINTABLE = "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + _BIDI + "]"


def escaped(text: str) -> str:
    """`text` for a message on a terminal: control characters, line separators and bidi
    controls written as escapes (``\\x1b``), so that a message quoting a file's text
    neither drives the terminal nor breaks its line."""
    return re.sub(_UNPRINTABLE, lambda found: repr(found.group())[1:-1], text)
