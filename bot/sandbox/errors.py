"""Discord's refusals as the sandbox hands them out, and the sandbox's own usage errors."""

from __future__ import annotations

from typing import Any, NamedTuple


class KnownError(NamedTuple):
    """One of Discord's JSON error codes with the HTTP status and message it comes with."""

    status: int
    code: int
    message: str


UNAUTHORIZED = KnownError(401, 0, "401: Unauthorized")
NOT_FOUND = KnownError(404, 0, "404: Not Found")
METHOD_NOT_ALLOWED = KnownError(405, 0, "405: Method Not Allowed")
UNKNOWN_CHANNEL = KnownError(404, 10003, "Unknown Channel")
UNKNOWN_GUILD = KnownError(404, 10004, "Unknown Guild")
UNKNOWN_MEMBER = KnownError(404, 10007, "Unknown Member")
UNKNOWN_MESSAGE = KnownError(404, 10008, "Unknown Message")
UNKNOWN_USER = KnownError(404, 10013, "Unknown User")
UNKNOWN_WEBHOOK = KnownError(404, 10015, "Unknown Webhook")
UNKNOWN_INTERACTION = KnownError(404, 10062, "Unknown interaction")
ALREADY_ACKNOWLEDGED = KnownError(400, 40060, "Interaction has already been acknowledged")
TAG_REQUIRED = KnownError(400, 40067, "A tag is required to create a forum post in this channel")
MISSING_ACCESS = KnownError(403, 50001, "Missing Access")
EDIT_OTHERS_MESSAGE = KnownError(403, 50005, "Cannot edit a message authored by another user")
EMPTY_MESSAGE = KnownError(400, 50006, "Cannot send an empty message")
CANNOT_MESSAGE_USER = KnownError(403, 50007, "Cannot send messages to this user")
NOT_A_TEXT_CHANNEL = KnownError(400, 50008, "Cannot send messages in a non-text channel")
MISSING_PERMISSIONS = KnownError(403, 50013, "Missing Permissions")
MAX_PINS_REACHED = KnownError(400, 30003, "Maximum number of pins reached")
MAX_PINNED_POSTS = KnownError(
    400, 30047, "Maximum number of pinned threads in a forum channel has been reached"
)
INVALID_WEBHOOK_TOKEN = KnownError(401, 50027, "Invalid Webhook Token")
INVALID_FORM_BODY = KnownError(400, 50035, "Invalid Form Body")
ARCHIVED_THREAD = KnownError(400, 50083, "Thread is archived")
THREAD_ALREADY_CREATED = KnownError(
    400, 160004, "A thread has already been created for this message"
)
THREAD_LOCKED = KnownError(403, 160005, "Thread is locked")


class ApiError(Exception):
    """A request Discord would refuse; the REST layer turns it into Discord's error body."""

    def __init__(
        self, error: KnownError, errors: dict[str, Any] | None = None, *, note: str | None = None
    ) -> None:
        super().__init__(error.message)
        self.error = error
        self.errors = errors
        self.note = note  # for the test's report only: Discord's answer says no more

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.error.message, "code": self.error.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def field_error(field_path: str, code: str, message: str) -> dict[str, Any]:
    """A 50035 `errors` tree with one error at a dotted path such as "data.flags"."""
    tree: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(field_path.split(".")):
        tree = {part: tree}
    return tree


class SandboxError(Exception):
    """A test asked for something a member could not do on Discord (or the sandbox cannot)."""


class NoAnswer(SandboxError):
    """The bot did not answer an interaction, or answered it too late."""
