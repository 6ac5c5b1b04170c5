"""Discord's size limits, and fitting what members typed into them.

Stored text stays whole; only what is shown is cut, with an ellipsis showing where.
"""

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
CONTENT_MAX = 2000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
BUTTON_LABEL_MAX = 80
THREAD_NAME_MAX = 100
TITLE_MAX_IN_DISCORD = 45  # a modal's title and a field's label
HINT_MAX = 100  # a label's description and a field's placeholder
CUSTOM_ID_MAX = 100  # a component's custom_id


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis showing where."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
