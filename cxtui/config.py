"""The user's settings: one TOML file in the XDG config folder.

``$CXTUI_CONFIG``, or ``$XDG_CONFIG_HOME/cxtui/config.toml`` (by default
``~/.config/cxtui/config.toml``), holds ``theme``, ``user``, ``default_template``,
``autosave`` and a ``[keys]`` table that gives actions (by their stable id) other
keys. Reading never fails: each problem is one positioned message
(``PATH:LINE:COL: ...``) and the setting keeps its default. See docs/config.md. Pure
Python: the editor's key table and Textual's themes are passed in by the caller.
"""

from __future__ import annotations

import getpass
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from cxtui.fileformat import MapFileError, Problem, _suggest, decode_text
from cxtui.locate import Locator
from cxtui.record import record
from cxtui.saving import write_file
from cxtui.text import clean_line

ENVIRONMENT_VARIABLE = "CXTUI_CONFIG"
SETTINGS = ("theme", "user", "default_template", "autosave", "keys")
DEFAULT_TEMPLATE = "basic"
MAX_CONFIG_BYTES = 1_000_000
MAX_USER_CHARS = 40
#: The longest idle time `autosave` may wait (seconds): one hour.
MAX_AUTOSAVE = 3600

#: Keys the App owns everywhere (Textual's): quit, and the copy / quit hint.
APP_KEYS = {"ctrl+q": "quits cxtui from anywhere", "ctrl+c": "copies text in fields"}
#: Keys never given to an action: the terminal or tmux keeps them, or they arrive as
#: another key.
REFUSED_KEYS = {
    "ctrl+a": "is the prefix key of screen (and of many tmux setups)",
    "ctrl+b": "is tmux's prefix key",
    "ctrl+i": "arrives as Tab in a terminal",
    "ctrl+m": "arrives as Enter in a terminal",
    "ctrl+left_square_bracket": "arrives as Escape in a terminal",
}
#: Keys that reach a terminal program through SSH and tmux unchanged (with any
#: printable key and ctrl+letter).
SAFE_NAMED_KEYS = frozenset(
    ("enter", "tab", "shift+tab", "escape", "space", "backspace", "delete",
     "up", "down", "left", "right", "home", "end", "pageup", "pagedown")
)  # fmt: skip
NAMED_KEYS = frozenset(
    {*SAFE_NAMED_KEYS, "insert", *(f"f{n}" for n in range(1, 25))} - {"shift+tab"}
)
MODIFIERS = ("alt", "ctrl", "shift")  # in Textual's order (sorted)
#: Textual's short names for some characters (its KEY_NAME_REPLACEMENTS).
_SHORT_NAMES = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_LONG_NAMES = {short: long for long, short in _SHORT_NAMES.items()}
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the settings live: $CXTUI_CONFIG, or the XDG config folder's cxtui/config.toml."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENVIRONMENT_VARIABLE, "")
    if explicit:
        return Path(explicit).expanduser()
    base = env.get("XDG_CONFIG_HOME", "")
    if not base or not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "cxtui" / "config.toml"


def login_name() -> str:
    """The name of the person logged in (the default `user`)."""
    try:
        name = clean_line(getpass.getuser()).strip()
    except (OSError, KeyError, ImportError):
        name = ""
    return name[:MAX_USER_CHARS] or "someone"


@record
class Settings:
    """The settings in force, and what was wrong with the file."""

    path: Path
    exists: bool = False
    theme: str | None = None  # None: Textual's default
    user: str = field(default_factory=login_name)
    default_template: str = DEFAULT_TEMPLATE
    #: Seconds without a key after which a modified map is saved (0: never).
    autosave: float = 0
    #: Action id → its keys (Textual key names), for the remapped actions only.
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # the setting was ignored
    warnings: tuple[Problem, ...] = ()  # the setting is used, but may not work everywhere

    @property
    def messages(self) -> list[str]:
        """Every problem and warning, as one line each, in file order."""
        return [
            str(p) if p in self.problems else f"{p.source}:{p.line}:{p.col}: warning: {p.message}"
            for p in sorted((*self.problems, *self.warnings))
        ]

    def keymap(self) -> dict[str, str]:
        """The remapped keys as Textual's ``App.set_keymap`` takes them."""
        return {id: ",".join(keys) for id, keys in self.keys.items()}


# -- keys -----------------------------------------------------------------------------


def key_character(name: str) -> str | None:
    """The printable character a Textual key name stands for (``question_mark`` → ``?``)."""
    if len(name) == 1:
        return name if name.isprintable() and not name.isspace() else None
    if name in _ASCII_KEYS:
        return _ASCII_KEYS[name]
    try:
        char = unicodedata.lookup(_LONG_NAMES.get(name, name).replace("_", " ").upper())
    except KeyError:
        return None
    return char if len(char) == 1 and char.isprintable() and not char.isspace() else None


def _character_key(char: str) -> str:
    """A character's Textual key name (as ``textual.keys._character_to_key`` makes it)."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return char
    return _SHORT_NAMES.get(name, name)


#: The key names of the printable ASCII characters (``minus`` → ``-``).
_ASCII_KEYS = {_character_key(chr(c)): chr(c) for c in range(33, 127)}


class BadKey(ValueError):
    """A key that cannot be used; the message says why."""


def parse_key(text: str) -> tuple[str, bool]:
    """The Textual name of the key `text` names, and whether it is safe over SSH and
    in tmux. Raises :class:`BadKey` for a key that is unknown or cannot be used."""
    if text == " ":
        return "space", True
    raw = text.strip()
    if not raw:
        raise BadKey("an empty key")
    if len(raw) == 1:
        if not raw.isprintable():
            raise BadKey(f"{raw!r} is not a key")
        return _character_key(raw), True
    *mods, name = raw.split("+") if not raw.endswith("++") else [*raw[:-2].split("+"), "+"]
    modifiers = sorted({m.strip().lower() for m in mods})
    if any(m not in MODIFIERS for m in modifiers) or len(modifiers) != len(mods):
        raise BadKey(f"{raw!r}: a modifier must be one of {', '.join(MODIFIERS)}, once each")
    name = name.strip()
    if len(name) == 1:
        if modifiers:
            name = name.lower() if name.isalpha() else name
        name = _character_key(name)
    else:
        name = name.lower()
        if name not in NAMED_KEYS and key_character(name) is None:
            raise BadKey(
                f"{raw!r} is not a key cxtui knows (keys look like x, X, ?, ctrl+s, enter, "
                "pageup, f2)"
            )
    key = "+".join([*modifiers, name])
    if modifiers == ["shift"] and key_character(name) is not None:
        shifted = key_character(name) or ""
        raise BadKey(
            f"{raw!r}: a shifted character arrives as the character itself"
            + (f" (write {shifted.upper()!r})" if shifted.isalpha() else "")
        )
    if key in REFUSED_KEYS:
        raise BadKey(f"{raw} {REFUSED_KEYS[key]}")
    if key in APP_KEYS:
        raise BadKey(f"{raw} {APP_KEYS[key]}")
    safe = (
        (not modifiers and (name in SAFE_NAMED_KEYS or key_character(name) is not None))
        or key == "shift+tab"
        or (modifiers == ["ctrl"] and len(name) == 1 and name.isascii() and name.isalpha())
    )
    return key, safe


#: Keys that text fields (Textual's Input and TextArea) and cxtui's forms and cell
#: editor bind (OK: ctrl+s, ctrl+o): an app-wide key must not take them.
FIELD_KEYS = frozenset(
    ("alt+backspace", "alt+delete", "ctrl+a", "ctrl+backspace", "ctrl+c", "ctrl+d",
     "ctrl+e", "ctrl+k", "ctrl+left", "ctrl+right", "ctrl+shift+a", "ctrl+shift+k",
     "ctrl+shift+left", "ctrl+shift+right", "ctrl+u", "ctrl+v", "ctrl+w", "ctrl+x",
     "ctrl+y", "ctrl+z", "f6", "f7", "ctrl+s", "ctrl+o")
)  # fmt: skip


def _works_in_fields(key: str) -> bool:
    """Whether `key` leaves text fields and forms their keys: ctrl or alt with it, or an
    F-key, and not one of :data:`FIELD_KEYS`."""
    *modifiers, name = key.split("+")
    if key in FIELD_KEYS:
        return False
    return bool({"ctrl", "alt"} & set(modifiers)) or (name[0] == "f" and name[1:].isdigit())


# -- reading -------------------------------------------------------------------------


class _Reader:
    """Checks one config document, collecting positioned problems."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.locator = Locator(text)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, path: tuple[str, ...], message: str, *, at_key: bool = False) -> None:
        self._add(self.problems, path, message, at_key)

    def warning(self, path: tuple[str, ...], message: str) -> None:
        self._add(self.warnings, path, message, False)

    def _add(self, to: list[Problem], path: tuple[str, ...], message: str, at_key: bool) -> None:
        pos = self.locator.find(path)
        to.append(Problem(pos.line, pos.key_col if at_key else pos.value_col, message, self.source))

    def string(self, doc: Mapping[str, Any], key: str, what: str) -> str | None:
        value = doc.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem((key,), f"{key} must be {what}, not {_describe(value)}; {_default(key)}")
            return None
        return value.strip()

    def keys(
        self,
        table: Mapping[str, Any],
        actions: Mapping[str, Sequence[str]],
        palette: str | None,
    ) -> dict[str, tuple[str, ...]]:
        remapped: dict[str, tuple[str, ...]] = {}
        given: dict[str, str] = {}  # key → the action the file gave it to
        palette_keys = tuple(actions.get(palette, ())) if palette else ()
        if palette is not None and palette in table:  # first: it frees its old keys
            table = {palette: table[palette], **table}
        for id, value in table.items():
            path = ("keys", id)
            if id not in actions:
                self.problem(
                    path, f"unknown action id {id!r} in [keys]{_suggest(id, list(actions))}",
                    at_key=True,
                )  # fmt: skip
                continue
            keeps = f"{id} keeps its default keys ({', '.join(actions[id]) or 'none'})"
            if isinstance(value, str):
                texts = value.split(",") if value.strip() != "," else [","]
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                texts = list(value)
            else:
                self.problem(
                    path, f'{id} must be a string like "ctrl+s,f2", not {_describe(value)}; {keeps}'
                )
                continue
            try:
                parsed = [parse_key(text) for text in texts]
            except BadKey as error:
                self.problem(path, f"{id}: {error}; {keeps}")
                continue
            keys = tuple(dict.fromkeys(key for key, _ in parsed))
            clash = next((k for k in keys if k in given), None)
            if clash is not None:
                self.problem(path, f"{id}: {clash} is already given to {given[clash]}; {keeps}")
                continue
            in_palette = next((k for k in keys if k in palette_keys), None)
            if id != palette and in_palette is not None:
                self.problem(
                    path,
                    f"{id}: {in_palette} opens the command palette from anywhere (give "
                    f"{palette} another key first); {keeps}",
                )
                continue
            if id == palette:
                taken = next((k for k in keys if not _works_in_fields(k)), None)
                if taken is not None:
                    self.problem(
                        path,
                        f"{id}: {taken} would be taken from text fields and forms (the "
                        f"palette's keys work on every screen): use e.g. ctrl+g or f2; {keeps}",
                    )
                    continue
                palette_keys = keys
            if not any(safe for _, safe in parsed):
                self.warning(
                    path,
                    f"{id}: {', '.join(keys)} may not reach cxtui over SSH or in tmux; "
                    "add a plain key or a ctrl+letter too",
                )
            remapped[id] = keys
            given.update(dict.fromkeys(keys, id))
        return remapped


def _describe(value: object) -> str:
    names = {str: "a string", bool: "true/false", int: "a number", float: "a number",
             list: "a list", dict: "a table"}  # fmt: skip
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    return names.get(type(value), "a date or time")


def _default(setting: str) -> str:
    return {
        "theme": "the default theme is used",
        "user": "your login name is used",
        "default_template": f"{DEFAULT_TEMPLATE} is used",
        "autosave": "autosave is off",
    }.get(setting, "the default is used")


def read_settings(
    path: Path | None = None,
    *,
    actions: Mapping[str, Sequence[str]],
    templates: Collection[str],
    themes: Collection[str] | None = None,
    palette: str | None = "command_palette",
) -> Settings:
    """The settings in the file at `path` (:func:`config_path` by default), never raising.

    `actions` are the editor's action ids and their default keys, `templates` the
    template names, `themes` the theme names (unchecked when None); `palette` is the id
    of the app-wide action whose keys no other action may take.
    """
    path = config_path() if path is None else path
    source = os.fspath(path)
    defaults = Settings(path)

    def unreadable(message: str, line: int = 1, col: int = 1) -> Settings:
        problem = Problem(line, col, f"{message}; the defaults are used", source)
        return Settings(path, exists=True, problems=(problem,))

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return defaults
    except OSError as error:
        return unreadable(f"cannot read: {error.strerror or error}")
    if not stat.S_ISREG(info.st_mode):
        return unreadable("is not a file")
    if info.st_size > MAX_CONFIG_BYTES:
        return unreadable(f"is too large ({info.st_size:,} bytes) for a config file")
    try:
        data = path.read_bytes()
    except OSError as error:
        return unreadable(f"cannot read: {error.strerror or error}")
    if not data.strip():
        return Settings(path, exists=True)
    try:
        text = decode_text(data, source)
    except MapFileError as error:
        first = error.problems[0]
        return unreadable(first.message, first.line, first.col)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        line, col = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = _TOML_POSITION.sub("", message)
        return unreadable(f"TOML syntax: {message[:1].lower()}{message[1:]}", line, col)
    except (RecursionError, ValueError):
        return unreadable("TOML that cannot be read (nested too deeply, or a huge number)")
    return _check(doc, text, path, actions, templates, themes, palette)


def _check(
    doc: Mapping[str, Any],
    text: str,
    path: Path,
    actions: Mapping[str, Sequence[str]],
    templates: Collection[str],
    themes: Collection[str] | None,
    palette: str | None,
) -> Settings:
    reader = _Reader(text, os.fspath(path))
    for key in doc:
        if key not in SETTINGS:
            reader.problem((key,), f"unknown setting {key!r}{_suggest(key, SETTINGS)}", at_key=True)
    theme = reader.string(doc, "theme", "a theme's name")
    if theme is not None and themes is not None and theme not in themes:
        reader.problem(
            ("theme",),
            f"unknown theme {theme!r}, so {_default('theme')}{_suggest(theme, sorted(themes))}",
        )
        theme = None
    user = reader.string(doc, "user", "a name")
    if user is not None:
        cleaned = clean_line(user).strip()
        if not cleaned or len(cleaned) > MAX_USER_CHARS:
            reader.problem(
                ("user",),
                f"user must be a name of 1 to {MAX_USER_CHARS} characters; {_default('user')}",
            )
            user = None
        else:
            user = cleaned
    template = reader.string(doc, "default_template", "a template's name")
    if template is not None and template not in templates:
        reader.problem(
            ("default_template",),
            f"unknown template {template!r} (one of {', '.join(templates)}), so "
            f"{_default('default_template')}{_suggest(template, list(templates))}",
        )
        template = None
    autosave = _autosave(reader, doc.get("autosave"))
    keys: dict[str, tuple[str, ...]] = {}
    table = doc.get("keys")
    if table is not None:
        if isinstance(table, dict):
            keys = reader.keys(table, actions, palette)
        else:
            reader.problem(
                ("keys",), f"keys must be a table ([keys]), not {_describe(table)}; "
                "every action keeps its default keys",
            )  # fmt: skip
    return Settings(
        path,
        exists=True,
        theme=theme,
        user=user or login_name(),
        default_template=template or DEFAULT_TEMPLATE,
        autosave=autosave,
        keys=keys,
        problems=tuple(sorted(reader.problems)),
        warnings=tuple(sorted(reader.warnings)),
    )


def _autosave(reader: _Reader, value: object) -> float:
    """The `autosave` setting: seconds of idle time, 0 (off) when absent or wrong."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.problem(
            ("autosave",),
            f"autosave must be a number of seconds, not {_describe(value)}; {_default('autosave')}",
        )
        return 0
    if not 0 <= value <= MAX_AUTOSAVE:
        reader.problem(
            ("autosave",),
            f"autosave must be 0 (off) to {MAX_AUTOSAVE} seconds, not {value}; "
            f"{_default('autosave')}",
        )
        return 0
    return float(value)


# -- writing -------------------------------------------------------------------------

_THEME_LINE = re.compile(r"""^(\s*theme\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*')(.*)$""")
_HEADER_LINE = re.compile(r"^\s*\[")
NEW_FILE_HEADER = "# cxtui settings: every setting is described in cxtui's docs/config.md\n"


class ConfigEditError(Exception):
    """The config file could not be changed; the message says why. The file is as it was."""


def save_theme(path: Path, theme: str) -> None:
    """Set `theme` in the config file at `path`, changing its one line (or adding it),
    keeping every other line and comment. Raises :class:`ConfigEditError`."""
    import tomli_w  # (here: starting the editor reads the config, it writes none)

    line = tomli_w.dumps({"theme": theme}).strip()
    try:
        text = path.read_bytes().decode("utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigEditError(f"cannot read {path}: {error}") from None
    if text is None or not text.strip():
        new = (text or NEW_FILE_HEADER) + line + "\n"
        old_doc: dict[str, Any] = {}
    else:
        try:
            old_doc = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            raise ConfigEditError(f"{path} is not valid TOML: fix it first") from None
        new = _with_theme(text, old_doc, line)
    try:
        if tomllib.loads(new) != {**old_doc, "theme": theme}:
            raise ValueError
    except (tomllib.TOMLDecodeError, ValueError):
        raise ConfigEditError(f"cannot tell where theme goes in {path}: set it there") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, new)
    except OSError as error:
        raise ConfigEditError(str(error)) from None


def _with_theme(text: str, doc: Mapping[str, Any], line: str) -> str:
    lines = text.split("\n")
    if "theme" in doc:
        index = Locator(text).find(("theme",)).line - 1
        ending = "\r" if lines[index].endswith("\r") else ""
        found = _THEME_LINE.match(lines[index].removesuffix("\r"))
        value = line.split("=", 1)[1].strip()
        lines[index] = (
            f"{found.group(1)}{value}{found.group(3)}{ending}" if found else line + ending
        )
        return "\n".join(lines)
    # Before the first table (a key after a [table] header would belong to it).
    first = next((i for i, text_line in enumerate(lines) if _HEADER_LINE.match(text_line)), None)
    if first is None:
        return text + ("" if text.endswith("\n") else "\n") + line + "\n"
    lines.insert(first, line)
    return "\n".join(lines)
