"""The store's SQL, written with SQLite's placeholders (`?`, or `:name` with a dict), in the
numbered ones PostgreSQL takes ($1, $2, …). Text inside quotes, comments and dollar-quoted
bodies is left alone, and so is a `::` cast. Told too: whether the statement returns rows (a
query, or a change with RETURNING) or only a status tag with its row count."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from bot.store.connection import Params

# Text a rewrite of SQL leaves alone (a verbose pattern; bot/store/dialect.py's too).
UNTOUCHED = r"""
      '(?:[^']|'')*'              # a string literal ('' is a quote inside it)
    | "(?:[^"]|"")*"              # a quoted name
    | --[^\n]*                    # a comment to the end of the line
    | /\*.*?\*/                   # a block comment
"""
_TOKENS = re.compile(
    UNTOUCHED
    + r"""
    | (?P<dollar>\$\w*\$).*?(?P=dollar)  # a dollar-quoted body
    | ::                          # a cast
    | (?P<positional>\?)
    | (?<![\w:]):(?P<named>[A-Za-z_]\w*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<paren>[()])
    """,
    re.DOTALL | re.VERBOSE,
)


# The statements whose rows are their answer; any other answers with rows only with RETURNING.
_QUERIES = frozenset({"SELECT", "VALUES", "TABLE", "SHOW", "EXPLAIN", "PRAGMA"})
_CHANGES = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})


class Numbered(NamedTuple):
    sql: str
    names: tuple[str, ...] | None  # the :names in the order of $1, $2, …; None: positional
    returns_rows: bool


@lru_cache(maxsize=1024)
def numbered(sql: str) -> Numbered:
    """The SQL with numbered placeholders. Cached: the store sends the same few hundred
    statements again and again."""
    names: list[str] = []
    positional = 0
    depth = 0  # in parentheses: a CTE's body or a subquery, not the statement itself
    main: str | None = None  # the statement's verb (after any WITH … AS (…))
    returning = False

    def replace(token: re.Match[str]) -> str:
        nonlocal positional, depth, main, returning
        if token["paren"]:
            depth += 1 if token["paren"] == "(" else -1
        elif token["word"] and depth == 0:
            word = token["word"].upper()
            if main is None:
                main = word
            elif main == "WITH" and word in _QUERIES | _CHANGES:
                main = word  # the statement after its common table expressions
            returning = returning or word == "RETURNING"
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
    returns_rows = main in _QUERIES or returning
    return Numbered(translated, tuple(names) if names else None, returns_rows)


def arguments(names: tuple[str, ...] | None, params: Params) -> Sequence[Any]:
    """The values for the numbered placeholders, in their order."""
    if names is None:
        if isinstance(params, dict):
            raise TypeError("named parameters given to a statement with ? placeholders")
        return params
    if not isinstance(params, dict):
        raise TypeError("positional parameters given to a statement with :name placeholders")
    return [params[name] for name in names]
