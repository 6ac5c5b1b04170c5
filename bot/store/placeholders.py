"""The store's SQL, written with SQLite's placeholders (`?`, or `:name` with a dict), in the
numbered ones PostgreSQL takes ($1, $2, …). Text inside quotes, comments and dollar-quoted
bodies is left alone, and so is a `::` cast."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from bot.store.connection import Params

_TOKENS = re.compile(
    r"""
      '(?:[^']|'')*'              # a string literal ('' is a quote inside it)
    | "(?:[^"]|"")*"              # a quoted name
    | --[^\n]*                    # a comment to the end of the line
    | /\*.*?\*/                   # a block comment
    | (?P<dollar>\$\w*\$).*?(?P=dollar)  # a dollar-quoted body
    | ::                          # a cast
    | (?P<positional>\?)
    | (?<![\w:]):(?P<named>[A-Za-z_]\w*)
    """,
    re.DOTALL | re.VERBOSE,
)


@lru_cache(maxsize=1024)
def numbered(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """The SQL with numbered placeholders, and the names in their order (None: positional).
    Cached: the store sends the same few hundred statements again and again."""
    names: list[str] = []
    positional = 0

    def replace(token: re.Match[str]) -> str:
        nonlocal positional
        if token["positional"]:
            positional += 1
            return f"${positional}"
        name = token["named"]
        if name:
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"
        return token[0]

    translated = _TOKENS.sub(replace, sql)
    if positional and names:
        raise ValueError(f"both ? and :name placeholders in one statement: {sql[:80]!r}")
    return translated, tuple(names) if names else None


def arguments(names: tuple[str, ...] | None, params: Params) -> Sequence[Any]:
    """The values for the numbered placeholders, in their order."""
    if names is None:
        if isinstance(params, dict):
            raise TypeError("named parameters given to a statement with ? placeholders")
        return params
    if not isinstance(params, dict):
        raise TypeError("positional parameters given to a statement with :name placeholders")
    return [params[name] for name in names]
