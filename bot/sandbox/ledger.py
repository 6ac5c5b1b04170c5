"""What happened on the sandbox's Discord: every request answered, and every refusal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Violation:
    """A request (or gateway message) Discord would have refused.

    `body` is Discord's error body as the bot received it, `errors` its 50035 tree (if any) and
    `sent` what the bot sent.
    """

    method: str
    path: str
    status: int
    body: dict[str, Any]
    errors: dict[str, Any] | None
    sent: Any = None

    @property
    def code(self) -> int:
        return int(self.body.get("code", 0))

    def __str__(self) -> str:
        detail = f" {json.dumps(self.errors, ensure_ascii=False)}" if self.errors else ""
        return (
            f"{self.method} {self.path} -> {self.status} {self.code} "
            f"{self.body.get('message', '')}{detail}"
        )


@dataclass(frozen=True)
class Exchange:
    """One REST request and the sandbox's answer; `fault` is set when the answer was injected."""

    method: str
    path: str
    status: int
    sent: Any
    answer: Any
    fault: str | None = None


class Ledger:
    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self.exchanges: list[Exchange] = []

    def refuse(self, violation: Violation) -> None:
        self.violations.append(violation)

    def take_violations(self) -> list[Violation]:
        taken = list(self.violations)
        self.violations.clear()
        return taken
