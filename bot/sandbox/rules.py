"""The limits Discord's developer documentation states and its OpenAPI schemas cannot express.

Message bodies (create, edit, webhook and follow-up) and interaction callbacks are checked here
after they fit their schema (see ``bot.sandbox.spec``); failures come back as the same 50035
errors tree Discord answers with. Sources: the Message resource (content and embed limits), the
Component reference (action rows, buttons, selects, text inputs, labels, custom ids) and
Receiving and Responding (modal and autocomplete callback data).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from bot.sandbox.form_errors import REQUIRED, FormError, add_error, length_between, too_long

MESSAGE_CONTENT_MAX: Final = 2000  # for bots; the schema's 4000 is the Nitro limit for people
EMBEDS_MAX: Final = 10
EMBEDS_TOTAL_CHARACTERS_MAX: Final = 6000
LEGACY_ACTION_ROWS_MAX: Final = 5
COMPONENTS_V2_TOTAL_MAX: Final = 40
ACTION_ROW_WIDTH: Final = 5
CUSTOM_ID_LENGTH: Final = (1, 100)
BUTTON_LABEL_MAX: Final = 80
SELECT_OPTIONS: Final = (1, 25)
MODAL_TITLE_LENGTH: Final = (1, 45)
MODAL_COMPONENTS: Final = (1, 5)
LABEL_LENGTH: Final = (1, 45)
LABEL_DESCRIPTION_MAX: Final = 100
TEXT_INPUT_PLACEHOLDER_MAX: Final = 100
TEXT_INPUT_LENGTH_MAX: Final = 4000
AUTOCOMPLETE_CHOICES_MAX: Final = 25
CHOICE_NAME_LENGTH: Final = (1, 100)
CHOICE_STRING_VALUE_MAX: Final = 100

IS_COMPONENTS_V2: Final = 1 << 15

_ACTION_ROW, _BUTTON, _STRING_SELECT, _TEXT_INPUT = 1, 2, 3, 4
_SELECTS: Final = frozenset({3, 5, 6, 7, 8})
_LABEL: Final = 18
_LINK_STYLE, _PREMIUM_STYLE = 5, 6
_CALLBACK_MESSAGE_TYPES: Final = frozenset({4, 7})  # CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE
_CALLBACK_AUTOCOMPLETE, _CALLBACK_MODAL = 8, 9

_WIDTH_EXCEEDED: Final = (
    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
    "The specified component exceeds the maximum width",
)
_CUSTOM_ID_DUPLICATED: Final = (
    "COMPONENT_CUSTOM_ID_DUPLICATED",
    "Component custom id cannot be duplicated",
)
_CUSTOM_ID_REQUIRED: Final = ("BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id is required")
_CUSTOM_ID_WITH_URL: Final = (
    "BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE",
    "A custom id and url cannot both be specified",
)
_EMBEDS_TOO_BIG: Final = (
    "MAX_EMBED_SIZE_EXCEEDED",
    f"Embed size exceeds maximum size of {EMBEDS_TOTAL_CHARACTERS_MAX}",
)
_OPTION_VALUE_DUPLICATED: Final = (
    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
    "The specified option value is already used",
)

FieldPath = tuple[str, ...]  # keys from the body root, list indexes as strings


def check_message_rules(body: Mapping[str, Any]) -> dict[str, Any] | None:
    """Discord's errors tree for a message body or interaction callback, or None when it passes.

    A body with an integer ``type`` is an interaction callback and its ``data`` is checked as
    that callback type requires (a message, a modal or autocomplete choices); anything else is
    a message body as sent to channels, webhooks and interaction follow-ups.
    """
    errors: list[FormError] = []
    kind = body.get("type")
    if isinstance(kind, int) and not isinstance(kind, bool):
        data = body.get("data")
        if isinstance(data, Mapping):
            if kind in _CALLBACK_MESSAGE_TYPES:
                errors.extend(_message_errors(data, ("data",)))
            elif kind == _CALLBACK_MODAL:
                errors.extend(_modal_errors(data, ("data",)))
            elif kind == _CALLBACK_AUTOCOMPLETE:
                errors.extend(_autocomplete_errors(data, ("data",)))
    else:
        errors.extend(_message_errors(body, ()))
    if not errors:
        return None
    tree: dict[str, Any] = {}
    for error in errors:
        add_error(tree, error)
    return tree


def invalid_form_body(errors: dict[str, Any]) -> dict[str, Any]:
    """The 400 body Discord answers a request that does not fit with."""
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def is_empty_message(body: Mapping[str, Any], *, has_files: bool = False) -> bool:
    """Whether a new message has nothing to show (Discord answers 50006, not 50035).

    Creating a message needs at least one of content, embeds, sticker_ids, components, files or
    a poll; edits are exempt.
    """
    shown = ("content", "embeds", "sticker_ids", "components", "poll", "attachments")
    return not has_files and not any(body.get(field) for field in shown)


# --- messages ---------------------------------------------------------------------------------


def _message_errors(body: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    content = body.get("content")
    if isinstance(content, str) and len(content) > MESSAGE_CONTENT_MAX:
        yield FormError((*at, "content"), *too_long(MESSAGE_CONTENT_MAX))
    embeds = body.get("embeds")
    if isinstance(embeds, list):
        yield from _embeds_errors(embeds, (*at, "embeds"))
    mentions = body.get("allowed_mentions")
    if isinstance(mentions, Mapping):
        yield from _allowed_mentions_errors(mentions, (*at, "allowed_mentions"))
    components = body.get("components")
    if isinstance(components, list):
        flags = body.get("flags")
        v2 = isinstance(flags, int) and bool(flags & IS_COMPONENTS_V2)
        yield from _message_components_errors(components, (*at, "components"), v2=v2)


def _embeds_errors(embeds: Sequence[Any], at: FieldPath) -> Iterator[FormError]:
    if len(embeds) > EMBEDS_MAX:
        yield FormError(at, *too_long(EMBEDS_MAX))
    if sum(_embed_characters(embed) for embed in embeds) > EMBEDS_TOTAL_CHARACTERS_MAX:
        yield FormError(at, *_EMBEDS_TOO_BIG)
    for index, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            continue
        # The schema lets these be absent; the Embed object documents them as required.
        for part, field in (("footer", "text"), ("author", "name")):
            holder = embed.get(part)
            if isinstance(holder, Mapping) and not holder.get(field):
                yield FormError((*at, str(index), part, field), *REQUIRED)


def _embed_characters(embed: Any) -> int:
    """Characters that count towards the 6000 limit: title, description, fields, footer, author."""
    if not isinstance(embed, Mapping):
        return 0
    texts: list[Any] = [embed.get("title"), embed.get("description")]
    for part, field in (("footer", "text"), ("author", "name")):
        holder = embed.get(part)
        if isinstance(holder, Mapping):
            texts.append(holder.get(field))
    for embed_field in embed.get("fields") or ():
        if isinstance(embed_field, Mapping):
            texts.extend((embed_field.get("name"), embed_field.get("value")))
    # Discord trims leading and trailing whitespace before it measures.
    return sum(len(text.strip()) for text in texts if isinstance(text, str))


def _allowed_mentions_errors(mentions: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    """Parsing a kind of mention and listing which ones to allow exclude each other."""
    parse = mentions.get("parse")
    if not isinstance(parse, list):
        return
    for kind in ("users", "roles"):
        if kind in parse and mentions.get(kind):
            message = f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.'
            yield FormError(at, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", message)


def _message_components_errors(
    components: Sequence[Any], at: FieldPath, *, v2: bool
) -> Iterator[FormError]:
    if v2:
        total = sum(1 for _ in _walk(components, at))
        if total > COMPONENTS_V2_TOTAL_MAX:
            yield FormError(at, *too_long(COMPONENTS_V2_TOTAL_MAX))
    elif len(components) > LEGACY_ACTION_ROWS_MAX:
        yield FormError(at, *too_long(LEGACY_ACTION_ROWS_MAX))
    yield from _component_tree_errors(components, at)


def _component_tree_errors(components: Sequence[Any], at: FieldPath) -> Iterator[FormError]:
    """Per-component rules and custom id uniqueness, for messages and modals alike."""
    custom_ids: set[str] = set()
    for component, where in _walk(components, at):
        kind = component.get("type")
        custom_id = component.get("custom_id")
        if isinstance(custom_id, str):
            if not CUSTOM_ID_LENGTH[0] <= len(custom_id) <= CUSTOM_ID_LENGTH[1]:
                yield FormError((*where, "custom_id"), *length_between(*CUSTOM_ID_LENGTH))
            elif custom_id in custom_ids:
                yield FormError((*where, "custom_id"), *_CUSTOM_ID_DUPLICATED)
            custom_ids.add(custom_id)
        if kind == _ACTION_ROW:
            yield from _row_width_errors(component, where)
        elif kind == _BUTTON:
            yield from _button_errors(component, where)
        elif kind in _SELECTS:
            yield from _select_errors(component, where)
        elif kind == _TEXT_INPUT:
            yield from _text_input_errors(component, where)
        elif kind == _LABEL:
            yield from _label_errors(component, where)


def _walk(
    components: Sequence[Any], at: FieldPath
) -> Iterator[tuple[Mapping[str, Any], FieldPath]]:
    """Every component object, nested ones included, with its path."""
    for index, component in enumerate(components):
        if not isinstance(component, Mapping):
            continue
        where = (*at, str(index))
        yield component, where
        children = component.get("components")
        if isinstance(children, list):
            yield from _walk(children, (*where, "components"))
        for single in ("accessory", "component"):
            child = component.get(single)
            if isinstance(child, Mapping):
                yield child, (*where, single)
                nested = child.get("components")
                if isinstance(nested, list):
                    yield from _walk(nested, (*where, single, "components"))


def _row_width_errors(row: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    """A row holds up to five buttons or one full-width select or text input."""
    children = row.get("components")
    if not isinstance(children, list):
        return
    used = 0
    for index, child in enumerate(children):
        kind = child.get("type") if isinstance(child, Mapping) else None
        used += 1 if kind == _BUTTON else ACTION_ROW_WIDTH
        if used > ACTION_ROW_WIDTH:
            yield FormError((*at, "components", str(index)), *_WIDTH_EXCEEDED)


def _button_errors(button: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    style = button.get("style")
    label = button.get("label")
    if isinstance(label, str) and len(label) > BUTTON_LABEL_MAX:
        yield FormError((*at, "label"), *too_long(BUTTON_LABEL_MAX))
    has_custom_id = bool(button.get("custom_id"))
    has_url = bool(button.get("url"))
    if has_custom_id and has_url:
        yield FormError((*at, "custom_id"), *_CUSTOM_ID_WITH_URL)
        yield FormError((*at, "url"), *_CUSTOM_ID_WITH_URL)
    elif style == _LINK_STYLE and not has_url:
        yield FormError((*at, "url"), *REQUIRED)
    elif style == _PREMIUM_STYLE and not button.get("sku_id"):
        yield FormError((*at, "sku_id"), *REQUIRED)
    elif style not in (_LINK_STYLE, _PREMIUM_STYLE) and not has_custom_id:
        yield FormError((*at, "custom_id"), *_CUSTOM_ID_REQUIRED)


def _select_errors(select: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    options = select.get("options")
    if select.get("type") == _STRING_SELECT and isinstance(options, list):
        if not SELECT_OPTIONS[0] <= len(options) <= SELECT_OPTIONS[1]:
            yield FormError((*at, "options"), *length_between(*SELECT_OPTIONS))
        values: set[Any] = set()
        for index, option in enumerate(options):
            value = option.get("value") if isinstance(option, Mapping) else None
            if isinstance(value, str) and value in values:
                yield FormError((*at, "options", str(index)), *_OPTION_VALUE_DUPLICATED)
            values.add(value)
    defaults = select.get("default_values")
    if isinstance(defaults, list) and defaults:
        low, high = _int_or(select.get("min_values"), 1), _int_or(select.get("max_values"), 1)
        if not low <= len(defaults) <= high:
            yield FormError((*at, "default_values"), *length_between(low, high))


def _int_or(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


# --- modals -----------------------------------------------------------------------------------


def _modal_errors(data: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    title = data.get("title")
    if isinstance(title, str) and not MODAL_TITLE_LENGTH[0] <= len(title) <= MODAL_TITLE_LENGTH[1]:
        yield FormError((*at, "title"), *length_between(*MODAL_TITLE_LENGTH))
    components = data.get("components")
    if not isinstance(components, list):
        return
    if not MODAL_COMPONENTS[0] <= len(components) <= MODAL_COMPONENTS[1]:
        yield FormError((*at, "components"), *length_between(*MODAL_COMPONENTS))
    for index, component in enumerate(components):
        if isinstance(component, Mapping) and component.get("type") == _ACTION_ROW:
            yield from _legacy_modal_row_errors(component, (*at, "components", str(index)))
    yield from _component_tree_errors(components, (*at, "components"))


def _legacy_modal_row_errors(row: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    """Before labels, a modal row held one text input that carried its own label."""
    for index, child in enumerate(row.get("components") or ()):
        if (
            isinstance(child, Mapping)
            and child.get("type") == _TEXT_INPUT
            and not child.get("label")
        ):
            yield FormError((*at, "components", str(index), "label"), *REQUIRED)


def _text_length_errors(
    item: Mapping[str, Any], at: FieldPath, lengths: Mapping[str, tuple[int, int]]
) -> Iterator[FormError]:
    """Each text of `item` longer or shorter than its (shortest, longest) in `lengths`."""
    for field, (low, high) in lengths.items():
        text = item.get(field)
        if isinstance(text, str) and not low <= len(text) <= high:
            yield FormError((*at, field), *(length_between(low, high) if low else too_long(high)))


def _label_errors(label: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    yield from _text_length_errors(
        label, at, {"label": LABEL_LENGTH, "description": (0, LABEL_DESCRIPTION_MAX)}
    )


def _text_input_errors(text_input: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    lengths = {
        "label": LABEL_LENGTH,
        "placeholder": (0, TEXT_INPUT_PLACEHOLDER_MAX),
        "value": (0, TEXT_INPUT_LENGTH_MAX),
    }
    yield from _text_length_errors(text_input, at, lengths)
    for field, low in (("min_length", 0), ("max_length", 1)):
        bound = text_input.get(field)
        if not isinstance(bound, int) or isinstance(bound, bool):
            continue
        if bound < low:
            message = f"int value should be greater than or equal to {low}."
            yield FormError((*at, field), "NUMBER_TYPE_MIN", message)
        elif bound > TEXT_INPUT_LENGTH_MAX:
            message = f"int value should be less than or equal to {TEXT_INPUT_LENGTH_MAX}."
            yield FormError((*at, field), "NUMBER_TYPE_MAX", message)


# --- autocomplete -----------------------------------------------------------------------------


def _autocomplete_errors(data: Mapping[str, Any], at: FieldPath) -> Iterator[FormError]:
    choices = data.get("choices")
    if not isinstance(choices, list):
        return
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        yield FormError((*at, "choices"), *too_long(AUTOCOMPLETE_CHOICES_MAX))
    for index, choice in enumerate(choices):
        if not isinstance(choice, Mapping):
            continue
        where = (*at, "choices", str(index))
        name = choice.get("name")
        if (
            isinstance(name, str)
            and not CHOICE_NAME_LENGTH[0] <= len(name) <= CHOICE_NAME_LENGTH[1]
        ):
            yield FormError((*where, "name"), *length_between(*CHOICE_NAME_LENGTH))
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_STRING_VALUE_MAX:
            yield FormError((*where, "value"), *too_long(CHOICE_STRING_VALUE_MAX))
