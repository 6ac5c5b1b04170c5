"""A local Discord for end-to-end tests (full docstring below)."""

from bot.sandbox.errors import NoAnswer, SandboxError
from bot.sandbox.server import Sandbox

__all__ = ["NoAnswer", "Sandbox", "SandboxError"]
