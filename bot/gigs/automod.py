"""The server's AutoMod keyword rules, applied to a gig's text before a moderator sees it.

Discord's AutoMod never checks what a bot publishes, so Mozaik checks a gig's text against the
hub's keyword rules itself, with AutoMod's own wildcard meaning:
`cat` the whole word, `cat*` words starting with it, `*cat` words ending with it, `*cat*` anywhere.
A match that an allow-list entry of the same rule covers is not a match.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeywordRule:
    keywords: Sequence[str] = ()
    patterns: Sequence[str] = ()  # regular expressions (Rust syntax; most read the same in Python)
    allowed: Sequence[str] = ()


def blocked_word(texts: Iterable[str], rules: Iterable[KeywordRule]) -> str | None:
    """The first word or phrase in `texts` that one of the rules blocks, if any."""
    texts = list(texts)
    for rule in rules:
        allowed = [_wildcard(word) for word in rule.allowed if word.strip()]
        expressions = [_wildcard(word) for word in rule.keywords if word.strip()]
        expressions += [p for p in (_pattern(text) for text in rule.patterns) if p is not None]
        for expression in expressions:
            for text in texts:
                for match in expression.finditer(text):
                    found = match.group(0)
                    if not any(exempt.fullmatch(found) for exempt in allowed):
                        return found
    return None


def _wildcard(keyword: str) -> re.Pattern[str]:
    keyword = keyword.strip()
    starts_anywhere, ends_anywhere = keyword.startswith("*"), keyword.endswith("*")
    core = re.escape(keyword.strip("*"))
    head = r"\w*" if starts_anywhere else r"(?<!\w)"
    tail = r"\w*" if ends_anywhere else r"(?!\w)"
    return re.compile(head + core + tail, re.IGNORECASE)


def _pattern(text: str) -> re.Pattern[str] | None:
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error:
        log.warning("an AutoMod pattern Python cannot read was skipped: %r", text)
        return None
