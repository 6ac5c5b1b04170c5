"""One logging setup for the whole bot; the token is scrubbed from anything that is logged."""

from __future__ import annotations

import logging


class SecretScrubber(logging.Filter):
    """Replaces each secret with a placeholder in every record, whatever logger it comes from."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self._secrets:
            if secret in message:
                message = message.replace(secret, "[token hidden]")
            if record.exc_text and secret in record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[token hidden]")
        record.msg, record.args = message, None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(SecretScrubber(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Every REST call and every SQL statement at DEBUG would drown out what Mozaik itself says,
    # and the statements' parameters hold members' own words.
    quieter = max(logging.INFO, logging.getLevelName(level))
    for chatty in ("discord.http", "aiosqlite"):
        logging.getLogger(chatty).setLevel(quieter)
