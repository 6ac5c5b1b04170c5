"""Text as members type it, made fit to keep: what no keyboard types is taken out on arrival.

JSON can carry a lone surrogate ("\\ud800"), which UTF-8 cannot encode, and NUL, which SQLite's
length() stops counting at; neither is anything a member meant to write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REPLACEMENT = "\ufffd"

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls and DEL, except tab and line feed, which a member types on purpose.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile("\r\n?")


def cleaned(text: str) -> str:
    """`text` with line breaks made `\\n`, controls removed and lone surrogates replaced."""
    text = _LINE_BREAK.sub("\n", text)
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub(REPLACEMENT, text)


def cleaned_payload(value: Any) -> Any:
    """Every string inside a decoded JSON value, keys included, `cleaned`."""
    if isinstance(value, str):
        return cleaned(value)
    if isinstance(value, Mapping):
        return {cleaned_payload(key): cleaned_payload(item) for key, item in value.items()}
    if isinstance(value, list):
        return [cleaned_payload(item) for item in value]
    return value
