"""Bracketed pastes that hold ESC: keep them one piece of text.

Textual's input parser reads an ESC inside a bracketed paste as the start of a
key, so the rest of the paste arrives as key presses (which may be bindings,
such as ctrl+q). :class:`PasteFilter` takes ESC out of pasted text before the
parser sees it; the text fields then clean the rest (cxtui.text). The parser that
uses it is :class:`cxtui.tui.compat.PasteSafeParser`.
"""

from __future__ import annotations

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def _partial_marker(data: str, marker: str) -> int:
    """The length of the longest end of `data` that begins `marker` (but is not all of it)."""
    for size in range(min(len(data), len(marker) - 1), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteFilter:
    """Takes ESC out of the text of bracketed pastes in a terminal's input stream.

    Textual's parser reads an ESC inside a paste as the start of a key: the rest
    of the paste then arrives as key presses (which may be bindings, such as
    ctrl+q) and the text before it is inserted last, so the text is scrambled.
    Without ESC, the whole paste is one Paste event, which the fields clean.
    Outside pastes nothing is changed or held back (a lone Escape key stays prompt).
    """

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""  # in a paste: the beginning of what may be the end marker
        self._tail = ""  # outside: the beginning of what may be a start marker

    def __call__(self, data: str) -> str:
        out: list[str] = []
        data, self._held = self._held + data, ""
        while data:
            if self.pasting:
                end = data.find(PASTE_END)
                if end < 0:
                    keep = _partial_marker(data, PASTE_END)
                    self._held = data[len(data) - keep :]
                    out.append(data[: len(data) - keep].replace("\x1b", ""))
                    break
                out.append(data[:end].replace("\x1b", "") + PASTE_END)
                data, self.pasting = data[end + len(PASTE_END) :], False
            else:
                seen = self._tail + data  # a start marker may come in pieces
                start = seen.find(PASTE_START)
                if start < 0:
                    out.append(data)
                    self._tail = seen[len(seen) - _partial_marker(seen, PASTE_START) :]
                    break
                cut = start + len(PASTE_START) - len(self._tail)  # just after it, in data
                out.append(data[:cut])
                data, self.pasting, self._tail = data[cut:], True, ""
        return "".join(out)
