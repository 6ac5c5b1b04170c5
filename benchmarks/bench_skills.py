"""How long skill autocomplete takes with 5,000 skills, against a trivial scan in the same run.

Discord gives an autocomplete answer about three seconds, shared with the network; a call
should stay far below 5 ms. Absolute times depend on the machine, so the ratio to a plain
linear scan of every English name (measured here, now) is the number to compare between runs.

    .venv/bin/python benchmarks/bench_skills.py
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from bot.skills import HubSkill, HubVocabulary, Skill, Taxonomy, hub_skill_slug

SKILLS = 5_000
ROUNDS = 5
CONSONANTS = "bcdfghjklmnprstwy"
VOWELS = "aeiou"


def invented_name(rng: random.Random) -> str:
    words = (
        "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(1, 3))
    )
    return " ".join(word.capitalize() for word in words)


def hub_with_many_skills(rng: random.Random) -> Taxonomy:
    shipped = Taxonomy.shipped()
    added: dict[str, HubSkill] = {}
    while len(shipped) + len(added) < SKILLS:
        name = invented_name(rng)
        aliases = tuple(invented_name(rng) for _ in range(rng.randint(0, 2)))
        added.setdefault(hub_skill_slug(name), HubSkill(hub_skill_slug(name), name, aliases))
    return shipped.with_hub(HubVocabulary(1, skills=tuple(added.values())))


def with_typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def typical_inputs(taxonomy: Taxonomy, rng: random.Random) -> list[str]:
    """What members type: partial names in both languages, whole names, typos, empties."""
    names = [skill.name(rng.choice(("en", "id"))) for skill in taxonomy.skills]
    typed: list[str] = []
    for _ in range(400):
        name = rng.choice(names)
        kind = rng.random()
        if kind < 0.55:
            typed.append(name[: rng.randint(1, 8)])
        elif kind < 0.75:
            typed.append(name)
        elif kind < 0.95:
            typed.append(with_typo(name[: rng.randint(4, 12)], rng))
        else:
            typed.append("")
    return typed


def per_call_microseconds(call: Callable[[str], object], inputs: list[str]) -> list[float]:
    timings = []
    for _ in range(ROUNDS):
        for text in inputs:
            start = time.perf_counter_ns()
            call(text)
            timings.append((time.perf_counter_ns() - start) / 1_000)
    return timings


def linear_scan(skills: tuple[Skill, ...]) -> Callable[[str], object]:
    """The trivial baseline: every English name, lower-cased, checked for the prefix."""

    def scan(text: str) -> object:
        prefix = text.casefold()
        return [skill for skill in skills if skill.name_en.casefold().startswith(prefix)][:25]

    return scan


def describe(label: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[int(len(ordered) * 0.95)]
    return (
        f"{label:<24} median {statistics.median(ordered):8.1f} µs"
        f"   p95 {p95:8.1f} µs   max {ordered[-1]:8.1f} µs"
    )


def main() -> None:
    rng = random.Random(2024)
    start = time.perf_counter()
    taxonomy = hub_with_many_skills(rng)
    built_ms = (time.perf_counter() - start) * 1_000
    inputs = typical_inputs(taxonomy, rng)

    baseline = per_call_microseconds(linear_scan(taxonomy.skills), inputs)
    english = per_call_microseconds(lambda text: taxonomy.autocomplete(text, "en"), inputs)
    indonesian = per_call_microseconds(lambda text: taxonomy.autocomplete(text, "id"), inputs)
    suggestions = per_call_microseconds(taxonomy.suggest, inputs)

    print(f"{len(taxonomy)} skills; hub view built in {built_ms:.0f} ms (once per version)")
    print(f"{len(inputs)} typed inputs x {ROUNDS} rounds")
    print(describe("baseline (linear scan)", baseline))
    print(describe("autocomplete en", english))
    print(describe("autocomplete id", indonesian))
    print(describe("suggest", suggestions))
    base = statistics.median(baseline)
    for label, timings in (("autocomplete en", english), ("autocomplete id", indonesian)):
        print(f"{label}: median {statistics.median(timings) / base:.2f}x the baseline")


if __name__ == "__main__":
    main()
