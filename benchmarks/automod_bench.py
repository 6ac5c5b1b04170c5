"""The AutoMod re-check of one gig at Discord's limits for one rule: 1,000 wildcard keywords and
patterns that freeze a backtracking engine, against a 2,000-character word.

The floor is the least any keyword check must do: case-fold the text once and look for each
keyword's core in it, synchronously. The measured side is `screen` as the bot calls it, in a
worker thread with its time budget, so the thread hop is counted.
"""

from __future__ import annotations

import random
import string

from benchmarks.timing import Budget, Row, measure_async, measure_sync
from bot.gigs.automod import KeywordRule, Outcome, screen

SECTION = "automod"
PATTERNS = ("(a|a)+$", r"(\w+\s?)+$")
BUDGET_SECONDS = 2.0  # the bot's default


def keywords(count: int, kind: str) -> list[str]:
    letters = random.Random(14)
    cores = ["".join(letters.choices(string.ascii_lowercase, k=6)) for _ in range(count)]
    return [kind.replace("word", core) for core in cores]


async def run(budget: Budget) -> list[Row]:
    text = ["Logo and packaging for a coffee shop", "a" * 1999 + "!", ""]  # title, text, city
    rows = []
    for kind in ("*word*", "word*", "*word", "word"):
        rule = KeywordRule(keywords=keywords(1000, kind), patterns=PATTERNS)
        cores = [keyword.strip("*") for keyword in rule.keywords]

        async def check(rule: KeywordRule = rule) -> None:
            outcome = (await screen(text, [rule], BUDGET_SECONDS)).outcome
            assert outcome is Outcome.CLEAN, outcome

        def floor(cores: list[str] = cores) -> None:
            folded = "\n".join(text).casefold()
            assert not any(core in folded for core in cores)

        measured = await measure_async(check, budget)
        rows.append(
            Row(
                SECTION,
                f"re-check: 1,000 {kind} keywords + 2 patterns, 2,000-char word",
                measured,
                measure_sync(floor, budget),
                note="worker thread",
            )
        )
        print(f"  automod {kind}: p50 {measured.p50:.2f} ms", flush=True)
    return rows
