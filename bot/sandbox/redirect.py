"""Pointing discord.py at the sandbox, in this process only, and back again.

discord.py builds every REST URL from `discord.http.Route.BASE` (its webhook adapter, which serves
interaction callbacks and follow-ups, imports that same `Route`), and opens the gateway at
`DiscordWebSocket.DEFAULT_GATEWAY` before READY gives it a resume URL. Both are swapped for the
sandbox's while a client runs, and restored afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

# discord.py waits this long after the last GUILD_CREATE before READY; the sandbox sends them all
# at once on a local socket, so waiting the default two seconds would only slow every test.
GUILD_READY_WAIT = 0.05


@contextlib.contextmanager
def discord_py_redirected(api_base: str, gateway_url: str) -> Iterator[None]:
    saved_base, saved_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved_base, saved_gateway


def shorten_ready_wait(client: discord.Client) -> None:
    client._connection.guild_ready_timeout = GUILD_READY_WAIT
