"""Member text placed inside Mozaik's own lines, so that it can break neither their markdown nor
their reading order.

- Markdown: Discord reads `\\` before punctuation as "this character, literally". What formats
  anywhere (`*`, `_`, `~`, `|`, backticks, `[`, `]` and `\\` itself) is escaped, and a quote, a
  heading or a list mark at a line's start; so a title closes no link label, and a trailing `\\`
  is escaped itself and cannot swallow Mozaik's own `]` or `**`.
- Mentions: escaped so they read as typed (Mozaik also sends with no mentions allowed).
- Direction: member text with anything right-to-left in it (Arabic or Hebrew letters, Arabic
  digits, a direction control) sits between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so
  it cannot reorder the rest of the line: the isolate's end closes whatever the text left open.
  Left-to-right text needs no isolate, as Mozaik's own lines run left to right.
"""

from __future__ import annotations

import re
import unicodedata

import discord

from cogs._limits import fit

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
# What formats anywhere (the escape character first), and what formats only at a line's start.
_INLINE = re.compile(r"([\\*_~|`\[\]])")
_LINE_START = re.compile(r"^(\s*)([>#-])", re.MULTILINE)
# Bidirectional classes that can move text around them: right-to-left letters and digits, and
# the embedding, override and isolate controls.
_REORDERING = frozenset(
    {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def isolated(text: str) -> str:
    """`text` in a directional isolate when it could reorder the line around it."""
    if not any(unicodedata.bidirectional(character) in _REORDERING for character in text):
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def literal(text: str) -> str:
    """`text` as it reads, whatever markdown it holds."""
    return _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", text))


def quoted(text: str, limit: int) -> str:
    """Member text for a line of Mozaik's own (a list, a note, a link's label): cut to `limit`,
    read literally, pinging nobody, in its own direction."""
    return isolated(discord.utils.escape_mentions(literal(fit(text, limit))))
