"""How the bot answers interactions: the callback (types 4 to 9), follow-ups, and the original
response through `/webhooks/{application_id}/{token}` — with Discord's stateful rules.

- An interaction is answered once: a second callback gets 400 40060.
- The answer must arrive within 3 seconds of Discord creating the interaction (its snowflake), even
  when it reached the bot late: later, 404 10062.
- The token serves follow-ups and edits for 15 minutes from then: later, 401 50027.
- Follow-ups need an answer first (404 10015). After a deferral (type 5) the first follow-up fills
  the deferred message, as on Discord.
- Follow-ups land in the interaction's channel: Discord does not support `thread_id` on them
  (Create Followup Message), so the sandbox ignores it as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.sandbox import components as kinds
from bot.sandbox.channels import EPHEMERAL, LOADING, Message
from bot.sandbox.errors import (
    ALREADY_ACKNOWLEDGED,
    EMPTY_MESSAGE,
    INVALID_FORM_BODY,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    ApiError,
    field_error,
)
from bot.sandbox.interactions import Interactions
from bot.sandbox.messages import INTERACTION_FLAGS, MessageWriter
from bot.sandbox.replies import (
    ANSWER_DEADLINE,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    TOKEN_LIFETIME,
    Choice,
    InteractionRecord,
    Modal,
)
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.rules import is_empty_message
from bot.sandbox.state import World

CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

_ALLOWED_ANSWERS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
    },
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
    },
}


class Responses:
    def __init__(
        self, world: World, writer: MessageWriter, interactions: Interactions, api: RestApi
    ) -> None:
        self.world = world
        self.writer = writer
        self.interactions = interactions
        self.checks = api.checks
        api.router.mount(self)

    # -- the callback ----------------------------------------------------------------------------

    @serves("POST", "/interactions/{interaction_id}/{token}/callback", bot_auth=False)
    async def callback(self, request: ApiRequest) -> ApiResponse:
        record = self.interactions.record_for(request.snowflake("interaction_id"))
        if record is None or record.token != request.params["token"]:
            raise ApiError(UNKNOWN_INTERACTION)
        if record.response_type is not None:
            raise ApiError(ALREADY_ACKNOWLEDGED)
        age = self.interactions.answer_age(record)
        if age > ANSWER_DEADLINE:
            record.answered_late = True
            self.world.touch()
            # How late tells a slow bot (a few seconds) from Discord's clock moved by `elapse`.
            deadline = f"past the {ANSWER_DEADLINE:g} s deadline"
            note = f"answered {age:.2f} s after it reached the bot, {deadline}"
            raise ApiError(UNKNOWN_INTERACTION, note=note)
        body = request.json_object()
        answer = int(body.get("type") or 0)
        if answer not in _ALLOWED_ANSWERS[record.type] or (
            answer in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and record.source is None
        ):
            raise ApiError(
                INVALID_FORM_BODY,
                field_error(
                    "type",
                    "INTERACTION_RESPONSE_TYPE_INVALID",
                    f"Interaction response type {answer} is not valid for this interaction",
                ),
            )
        data: dict[str, Any] = body.get("data") or {}
        self.checks.message(body)
        if answer == CHANNEL_MESSAGE and is_empty_message(data, has_files=bool(request.files)):
            raise ApiError(EMPTY_MESSAGE)
        self._answer(record, answer, data, request)
        record.response_type = answer
        if record.original is not None:
            record.edits_at_answer = record.original.edits
        record.answered.set()
        self.world.touch()
        if not request.flag("with_response"):
            return ApiResponse(204)
        return ApiResponse(200, _callback_response(record, answer))

    def _answer(
        self, record: InteractionRecord, answer: int, data: dict[str, Any], request: ApiRequest
    ) -> None:
        if answer == CHANNEL_MESSAGE:
            record.original = self._message(record, data, request)
        elif answer == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            record.original = self._message(record, {}, request, flags=flags)
        elif answer == DEFERRED_UPDATE_MESSAGE:
            record.original = record.source
        elif answer == UPDATE_MESSAGE:
            assert record.source is not None
            record.original = self.writer.edit(record.source, data, request.files)
        elif answer == AUTOCOMPLETE_RESULT:
            record.choices = [Choice(c["name"], c["value"]) for c in data.get("choices") or []]
        else:
            record.modal = Modal(
                custom_id=data["custom_id"],
                title=data["title"],
                components=kinds.stored(data.get("components") or []),
            )

    def _message(
        self,
        record: InteractionRecord,
        data: Mapping[str, Any],
        request: ApiRequest,
        *,
        flags: int = 0,
    ) -> Message:
        return self.writer.create(
            record.actor.channel,
            self.world.bot_user,
            data,
            request.files,
            message_type=20 if record.type == APPLICATION_COMMAND else 0,
            webhook_id=self.world.application_id,
            interaction=record.metadata(),
            extra_flags=flags,
            settable_flags=INTERACTION_FLAGS,
        )

    # -- the webhook: follow-ups and the original response ---------------------------------------

    def _record(self, request: ApiRequest) -> InteractionRecord:
        if request.snowflake("application_id") != self.world.application_id:
            raise ApiError(UNKNOWN_WEBHOOK)
        record = self.interactions.record_by_token(request.params["token"])
        if record is None:
            raise ApiError(UNKNOWN_WEBHOOK)
        if record.past(TOKEN_LIFETIME, self.world.clock.now()):
            raise ApiError(INVALID_WEBHOOK_TOKEN)
        return record

    def _target(self, record: InteractionRecord, request: ApiRequest) -> Message:
        raw = request.params["message_id"]
        if raw == "@original":
            target = record.original
        else:
            wanted = request.snowflake("message_id")
            candidates = [m for m in [record.original, *record.followups] if m is not None]
            target = next((m for m in candidates if m.id == wanted), None)
        if target is None or target.deleted:
            raise ApiError(UNKNOWN_MESSAGE)
        return target

    @serves("POST", "/webhooks/{application_id}/{token}", bot_auth=False)
    async def follow_up(self, request: ApiRequest) -> ApiResponse:
        record = self._record(request)
        if record.response_type is None:
            raise ApiError(UNKNOWN_WEBHOOK)
        body = request.json_object()
        self.checks.message(body)
        if is_empty_message(body, has_files=bool(request.files)):
            raise ApiError(EMPTY_MESSAGE)
        original = record.original
        if (
            record.response_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and original.loading
            and not record.followups
        ):
            # The first follow-up after a deferral replaces "… is thinking", keeping its visibility.
            message = self.writer.edit(original, body, request.files)
        else:
            message = self.writer.create(
                record.actor.channel,
                self.world.bot_user,
                body,
                request.files,
                webhook_id=self.world.application_id,
                interaction=record.metadata(),
                settable_flags=INTERACTION_FLAGS,
            )
        record.followups.append(message)
        self.world.touch()
        if not request.flag("wait"):
            return ApiResponse(204)
        return ApiResponse(200, message.payload())

    @serves("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", bot_auth=False)
    async def fetch(self, request: ApiRequest) -> ApiResponse:
        record = self._record(request)
        return ApiResponse(200, self._target(record, request).payload())

    @serves("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", bot_auth=False)
    async def edit(self, request: ApiRequest) -> ApiResponse:
        record = self._record(request)
        target = self._target(record, request)
        body = request.json_object()
        self.checks.message(body)
        return ApiResponse(200, self.writer.edit(target, body, request.files).payload())

    @serves("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", bot_auth=False)
    async def delete(self, request: ApiRequest) -> ApiResponse:
        record = self._record(request)
        self.writer.delete(self._target(record, request))
        return ApiResponse(204)


def _callback_response(record: InteractionRecord, answer: int) -> dict[str, Any]:
    interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
    response: dict[str, Any] = {"interaction": interaction}
    message = record.original
    if message is not None and answer in (
        CHANNEL_MESSAGE,
        DEFERRED_CHANNEL_MESSAGE,
        UPDATE_MESSAGE,
    ):
        interaction |= {
            "response_message_id": str(message.id),
            "response_message_loading": message.loading,
            "response_message_ephemeral": message.ephemeral,
        }
    if message is not None and answer in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
        response["resource"] = {"type": answer, "message": message.payload()}
    return response
