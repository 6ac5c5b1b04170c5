"""Message components as Discord stores and returns them, and finding one the way a member would."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bot.sandbox.errors import SandboxError

ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
SECTION = 9
CONTAINER = 17
LABEL = 18

SELECTS = frozenset({STRING_SELECT, USER_SELECT, ROLE_SELECT, MENTIONABLE_SELECT, CHANNEL_SELECT})
LINK_STYLE = 5
PREMIUM_STYLE = 6


def stored(components: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The components as Discord returns them: numbered depth-first and with defaults filled in."""
    result = copy.deepcopy([dict(component) for component in components])
    next_id = 1
    for component in walk(result):
        if "id" not in component or component["id"] is None:
            component["id"] = next_id
        next_id = max(next_id, int(component["id"])) + 1
        if component.get("type") in SELECTS:
            component.setdefault("min_values", 1)
            component.setdefault("max_values", 1)
        if component.get("type") == STRING_SELECT:
            for option in component.get("options", []):
                option.setdefault("default", False)
    return result


def walk(components: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first, including the ones inside rows, sections and labels."""
    for component in components:
        yield component
        yield from walk(component.get("components") or [])
        for key in ("component", "accessory"):
            child = component.get(key)
            if isinstance(child, dict):
                yield from walk([child])


def interactive(components: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in walk(components) if c.get("type") == BUTTON or c.get("type") in SELECTS]


def find(components: Sequence[dict[str, Any]], label_or_custom_id: str) -> dict[str, Any]:
    """The button or select a member means by its label (or placeholder) or by its custom id."""
    candidates = interactive(components)
    for component in candidates:
        if component.get("custom_id") == label_or_custom_id:
            return component
    matches = [
        c for c in candidates if label_or_custom_id in (c.get("label"), c.get("placeholder"))
    ]
    if len(matches) == 1:
        return matches[0]
    shown = [c.get("label") or c.get("placeholder") or c.get("custom_id") for c in candidates]
    if matches:
        raise SandboxError(
            f"{label_or_custom_id!r} names {len(matches)} components; use a custom id"
        )
    raise SandboxError(f"no component {label_or_custom_id!r} on this message; it has {shown}")
