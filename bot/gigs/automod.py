"""The server's AutoMod keyword rules, applied to a gig's text before a moderator sees it.

Discord's AutoMod never checks what a bot publishes, so Mozaik checks a gig's text against the
hub's keyword rules itself, with AutoMod's own wildcard meaning:
`cat` the whole word, `cat*` words starting with it, `*cat` words ending with it, `*cat*` anywhere.
A match that an allow-list entry of the same rule covers is not a match.

Discord runs rule patterns in Rust's linear-time engine and accepts patterns such as `(a|a)+$`
that make a backtracking engine take minutes, so Mozaik matches with RE2 (same syntax family, also
linear in the text): patterns RE2 cannot read (look-arounds, back-references — Rust refuses those
too) are skipped. Keywords need no expression at all: they are found by substring search in the
case-folded text, then held to their word edges.

Matching runs in a worker thread with a time budget (`screen`): it never holds the event loop,
and a check that cannot finish in time says so instead of letting the text through.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

import re2

log = logging.getLogger(__name__)

# Gigs hold at most a few thousand characters; RE2 needs far less than this to scan them.
_PATTERN_MEMORY = 8 << 20


@dataclass(frozen=True)
class KeywordRule:
    keywords: Sequence[str] = ()
    patterns: Sequence[str] = ()  # regular expressions in Rust syntax, as AutoMod takes them
    allowed: Sequence[str] = ()


class Outcome(enum.Enum):
    CLEAN = "clean"
    BLOCKED = "blocked"
    UNFINISHED = "unfinished"  # the budget ran out: nobody knows yet, a moderator must look


@dataclass(frozen=True)
class Screening:
    outcome: Outcome
    word: str | None = None  # what a rule blocked, when one did


class _OutOfTime(Exception):
    pass


class _Match(Protocol):
    def group(self, index: int, /) -> str: ...


class _Expression(Protocol):
    """What Mozaik uses of a compiled RE2 expression (the package ships no type hints)."""

    def finditer(self, text: str, /) -> Iterator[_Match]: ...

    def fullmatch(self, text: str, /) -> _Match | None: ...


async def screen(texts: Iterable[str], rules: Iterable[KeywordRule], budget: float) -> Screening:
    """Check `texts` against `rules` in a worker thread, giving up after `budget` seconds."""
    texts, rules = list(texts), list(rules)
    deadline = time.monotonic() + budget
    work = asyncio.to_thread(_screen_before, texts, rules, deadline)
    try:
        # The thread also stops itself at the deadline; this bounds a single slow call too.
        return await asyncio.wait_for(work, timeout=budget)
    except TimeoutError:
        return Screening(Outcome.UNFINISHED)


def _screen_before(texts: list[str], rules: list[KeywordRule], deadline: float) -> Screening:
    try:
        word = blocked_word(texts, rules, deadline=deadline)
    except _OutOfTime:
        return Screening(Outcome.UNFINISHED)
    return Screening(Outcome.CLEAN) if word is None else Screening(Outcome.BLOCKED, word)


def blocked_word(
    texts: Iterable[str], rules: Iterable[KeywordRule], *, deadline: float | None = None
) -> str | None:
    """The first word or phrase in `texts` that one of the rules blocks, if any.

    Raises _OutOfTime when `deadline` (a `time.monotonic()` instant) passes first.
    """
    # One scan per keyword or pattern: a line break is no word character, so words stay apart.
    text = "\n".join(texts)
    folded = _Folded.of(text)
    for rule in rules:
        allowed = [Keyword.of(word) for word in rule.allowed if word.strip("* ")]
        found: Iterable[str]
        for keyword in (Keyword.of(word) for word in rule.keywords if word.strip("* ")):
            _check_time(deadline)
            for found in keyword.matches(folded):
                if not any(exempt.covers(found) for exempt in allowed):
                    return found
        for expression in filter(None, map(_pattern, rule.patterns)):
            _check_time(deadline)
            for match in expression.finditer(text):
                found = match.group(0)
                if found and not any(exempt.covers(found) for exempt in allowed):
                    return found
    return None


def _check_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


@dataclass(frozen=True)
class _Folded:
    """A text case-folded for matching, and where each folded character came from in it."""

    original: str
    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Folded:
        pieces, origin = [], []
        for index, character in enumerate(text):
            fold = character.casefold()  # may be longer: "ß" folds to "ss"
            pieces.append(fold)
            origin.extend([index] * len(fold))
        return cls(text, "".join(pieces), tuple(origin))

    def source(self, start: int, end: int) -> str:
        """The original text behind folded[start:end]."""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]

    def word_start(self, index: int) -> int:
        while index > 0 and _is_word(self.folded[index - 1]):
            index -= 1
        return index

    def word_end(self, index: int) -> int:
        while index < len(self.folded) and _is_word(self.folded[index]):
            index += 1
        return index


@dataclass(frozen=True)
class Keyword:
    """One AutoMod keyword: its text, and whether words may go on before or after it."""

    core: str  # case-folded, without the wildcards
    any_start: bool
    any_end: bool

    @classmethod
    def of(cls, keyword: str) -> Keyword:
        keyword = keyword.strip()
        return cls(keyword.strip("*").casefold(), keyword.startswith("*"), keyword.endswith("*"))

    def matches(self, text: _Folded) -> Iterator[str]:
        """Each word or phrase of `text` the keyword blocks, in order."""
        for start, end in self._spans(text):
            yield text.source(start, end)

    def covers(self, found: str) -> bool:
        """Whether `found` is all this keyword (an allow-list entry) lets through."""
        text = _Folded.of(found)
        return any(span == (0, len(text.folded)) for span in self._spans(text))

    def _spans(self, text: _Folded) -> Iterator[tuple[int, int]]:
        """Plain substring search, then the word edges: the time grows with the text and the
        keyword, never more (a fixed edge is checked before a wildcard edge is walked to)."""
        folded, position = text.folded, 0
        while (found := folded.find(self.core, position)) >= 0:
            start, end = found, found + len(self.core)
            position = found + 1
            if not self.any_start and start > 0 and _is_word(folded[start - 1]):
                continue
            if not self.any_end and end < len(folded) and _is_word(folded[end]):
                continue
            if self.any_start:
                start = text.word_start(start)
            if self.any_end:
                end = text.word_end(end)
            yield start, end
            position = max(position, end)  # the rest of this word gives no other match


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = _PATTERN_MEMORY
    return options


@functools.lru_cache(maxsize=1024)
def _pattern(pattern: str) -> _Expression | None:
    try:
        return cast(_Expression, re2.compile(pattern, _options()))
    except re2.error:
        log.warning("an AutoMod pattern RE2 cannot read was skipped: %r", pattern)
        return None
