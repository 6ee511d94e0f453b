"""A model of the cell editor's text for the keys the end-to-end burst test sends
(checked against the real cell editor in tests/test_tui_key_bursts.py)."""

#: The characters and keys of the end-to-end test's random bursts (narrow and wide,
#: ASCII and not): those this model knows.
BURST_KEYS = [*"abc xyzéßΩñ中", "backspace", "delete", "left", "right", "home", "end"]
BURST_KEYS += ["enter", "ctrl+u", "ctrl+k", "backspace", "backspace"]


class NotesModel:
    """What a cell editor holds after keys, for the keys the tmux test sends."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.row = len(self.lines) - 1
        self.col = len(self.lines[-1])

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def press(self, key: str) -> None:
        lines, row, col = self.lines, self.row, self.col
        line = lines[row]
        if key == "enter":
            lines[row : row + 1] = [line[:col], line[col:]]
            self.row, self.col = row + 1, 0
        elif key == "backspace" or (key == "ctrl+u" and col == 0):
            if col:
                lines[row] = line[: col - 1] + line[col:]
                self.col = col - 1
            elif row:
                self.col = len(lines[row - 1])
                lines[row - 1 : row + 1] = [lines[row - 1] + line]
                self.row = row - 1
        elif key == "ctrl+u":
            lines[row] = line[col:]
            self.col = 0
        elif key == "delete" or (key == "ctrl+k" and col == len(line) and line):
            if col < len(line):
                lines[row] = line[:col] + line[col + 1 :]
            elif row + 1 < len(lines):
                lines[row : row + 2] = [line + lines[row + 1]]
        elif key == "ctrl+k":
            if line:
                lines[row] = line[:col]
            elif row + 1 < len(lines):
                del lines[row]
        elif key == "left":
            if col:
                self.col = col - 1
            elif row:
                self.row, self.col = row - 1, len(lines[row - 1])
        elif key == "right":
            if col < len(line):
                self.col = col + 1
            elif row + 1 < len(lines):
                self.row, self.col = row + 1, 0
        elif key == "home":  # "smart home": to the first non-blank, and from there to 0
            first = len(line) - len(line.lstrip()) if line.strip() else 0
            self.col = first if col == 0 or col > first else 0
        elif key == "end":
            self.col = len(line)
        else:
            assert len(key) == 1, key
            lines[row] = line[:col] + key + line[col:]
            self.col = col + 1
