"""Mozaik run exactly as `mozaik run` runs it, in a process of its own, against a sandbox that
lives in the test's process: the crash and secrets tests start it, kill it and start it again.

The only difference from production is where discord.py connects: the sandbox's REST base and
gateway URL, read from the environment (the token comes from DISCORD_TOKEN, as in production).
The bot's modules are imported first and the process then waits for a line on stdin before
running, so a test can have the next process warm while the current one serves: importing takes
seconds, and a crash test restarts the bot many times.

    SANDBOX_API=http://127.0.0.1:PORT/api/v10 SANDBOX_GATEWAY=ws://127.0.0.1:PORT/gateway \
    DISCORD_TOKEN=... python tests/reliability/_bot_process.py --config config.toml run
"""

import importlib
import os
import sys

from bot.__main__ import main
from bot.app import extension_names
from bot.sandbox.redirect import discord_py_redirected

API_VARIABLE = "SANDBOX_API"
GATEWAY_VARIABLE = "SANDBOX_GATEWAY"

if __name__ == "__main__":
    for extension in extension_names():
        importlib.import_module(extension)
    sys.stdin.readline()
    with discord_py_redirected(os.environ[API_VARIABLE], os.environ[GATEWAY_VARIABLE]):
        sys.exit(main(sys.argv[1:]))
