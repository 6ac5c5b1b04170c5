"""Text as members type it, made fit to keep: what no keyboard types is taken out on arrival.

JSON can carry a lone surrogate ("\\ud800"), which UTF-8 cannot encode, and NUL, which SQLite's
length() stops counting at; neither is anything a member meant to write. Nor are C1 controls.

Text that is only invisible characters (spaces, zero-width characters, the byte order mark, word
joiners, soft hyphens, direction marks, fillers, combining marks with nothing to combine with)
reads as empty: `visible` says whether anything would show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from bot.errors import Refusal

REPLACEMENT = "\ufffd"

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls and DEL, except tab and line feed, which a member types on purpose; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Controls, format characters (zero-width, BOM, word joiner, soft hyphen, bidi), separators, and
# marks, which show only on a character before them.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that fonts draw as nothing: Hangul fillers, the blank Braille pattern.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LINE_BREAK = re.compile("\r\n?")


def cleaned(text: str) -> str:
    """`text` with line breaks made `\\n`, controls removed and lone surrogates replaced."""
    text = _LINE_BREAK.sub("\n", text)
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub(REPLACEMENT, text)


def visible(text: str) -> bool:
    """Whether anything in `text` shows on screen."""
    return any(
        character not in _BLANK_GLYPHS and unicodedata.category(character) not in _UNSEEN_CATEGORIES
        for character in text
    )


def checked_reason(text: str) -> str:
    """A moderator's reason, trimmed; one that shows nothing is refused (the member reads it)."""
    if not visible(text):
        raise Refusal("core.reason_blank")
    return text.strip()


def cleaned_payload(value: Any) -> Any:
    """Every string inside a decoded JSON value, keys included, `cleaned`."""
    if isinstance(value, str):
        return cleaned(value)
    if isinstance(value, Mapping):
        return {cleaned_payload(key): cleaned_payload(item) for key, item in value.items()}
    if isinstance(value, list):
        return [cleaned_payload(item) for item in value]
    return value
