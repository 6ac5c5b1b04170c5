"""The emulator in pytest: a `sandbox` fixture that fails the test when Discord would have refused
anything. Loaded for every test folder by tests/conftest.py.

A test that provokes a refusal on purpose takes it with `sandbox.take_violations()` and asserts on
it; whatever is left at teardown fails the test with the refusals listed.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.sandbox.ledger import Violation
from bot.sandbox.server import Sandbox


def describe(violations: list[Violation]) -> str:
    lines = [f"Discord would have refused {len(violations)} request(s):"]
    lines += [f"  {violation}" for violation in violations]
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def strict_sandbox(**options: Any) -> AsyncIterator[Sandbox]:
    """A started `Sandbox(**options)` that fails the test if violations remain when it closes."""
    async with Sandbox(**options) as sandbox:
        yield sandbox
        if sandbox.violations:
            pytest.fail(describe(sandbox.violations), pytrace=False)


@pytest_asyncio.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A fresh started sandbox for each test, strict at teardown."""
    async with strict_sandbox() as started:
        yield started
