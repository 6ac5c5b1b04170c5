"""Expected refusals: the polite "no" a member or moderator is given, by catalog key."""

from __future__ import annotations


class Refusal(Exception):
    """Raised by domain rules when an action is not allowed or its input is not acceptable.

    The key names a catalog text; the error handler answers it ephemerally in the user's language.
    """

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
