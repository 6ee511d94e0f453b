"""The limits of a journey map: one source of truth for the model and the file format.

The model refuses (with :class:`~cxtui.model.ModelError`) any map or edit that
goes past them, and the reader reports a positioned problem for a file that
does, so a map the editor can make is always a map the reader opens.
"""

from __future__ import annotations

#: Map files larger than this are refused before they are read (and not written).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Phases (columns) of one map.
MAX_PHASES = 1000
#: Lanes (rows) of one map.
MAX_LANES = 50
#: Notes in one cell, and entries in one persona list (goals, needs, frustrations).
MAX_NOTES_PER_CELL = 500
#: Characters of any one text: a title, a note, a stage, the description...
MAX_TEXT_CHARS = 5000
#: How far apart an emotion scale's min and max may be.
MAX_SCALE_STEPS = 20
