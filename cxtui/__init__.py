"""cxtui: a keyboard-first terminal editor for customer journey maps."""

__version__ = "0.1.0"
