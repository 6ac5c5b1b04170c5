import logging

import pytest

from bot.logs import setup_logging

TOKEN = "MTA5ODc2NTQzMjEw.GhIjKl.secret-part-of-the-token"


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_the_token_never_reaches_the_log_even_at_debug(restore_logging, capsys):
    setup_logging("DEBUG", secrets=[TOKEN])
    logging.getLogger("discord.gateway").debug("identifying with %s", TOKEN)
    logging.getLogger("discord.http").warning("Authorization: Bot " + TOKEN)
    try:
        raise RuntimeError(f"login failed for {TOKEN}")
    except RuntimeError:
        logging.getLogger("bot.app").exception("could not start")
    output = capsys.readouterr().err
    assert TOKEN not in output
    assert "identifying with [token hidden]" in output
    assert "Authorization: Bot [token hidden]" in output
    assert "RuntimeError: login failed for [token hidden]" in output
    assert "could not start" in output
