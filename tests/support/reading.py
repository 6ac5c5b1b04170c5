"""What a member reads in the e2e tests: a message's buttons and fields, a channel's texts."""

from __future__ import annotations

from bot.sandbox import Message

DISABLED = " (disabled)"


def labels(message: Message) -> list[str]:
    """The message's components in order, by label; a button that cannot be pressed is marked
    " (disabled)"."""
    return [
        component.get("label", component.get("placeholder", ""))
        + (DISABLED if component.get("disabled", False) else "")
        for row in message.components
        for component in row.get("components", [])
    ]


def fields(message: Message) -> dict[str, str]:
    return {field["name"]: field["value"] for field in message.embed["fields"]}


def only(messages: list[Message]) -> Message:
    assert len(messages) == 1, [m.text for m in messages]
    return messages[0]


def texts(messages: list[Message]) -> list[str]:
    return [message.text for message in messages]


def show(who: str, message: Message) -> None:
    """Print a message as its reader sees it (pytest -s tells the story)."""
    buttons = " ".join(f"[{label}]" for label in labels(message))
    print(f"\n--- {who} sees ---\n{message.text}\n{buttons}".rstrip())


def unescaped(line: str, character: str) -> list[int]:
    """Where `character` stands in `line` unescaped, as Discord's markdown reads it."""
    found, index = [], 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == character:
            found.append(index)
        index += 1
    return found
