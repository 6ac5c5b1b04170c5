"""A local Discord for end-to-end tests: the unmodified bot, through real discord.py, over a real
websocket and HTTP on 127.0.0.1, driven the way members and moderators drive it.

The sandbox speaks the gateway (v10, JSON text frames) and the REST API the bot uses, keeps guilds,
channels, threads, DMs and messages in memory, and refuses what Discord refuses: request bodies
against Discord's OpenAPI schemas (`bot.sandbox.spec`), the documented message limits
(`bot.sandbox.rules`), Discord's rate limits (`bot.sandbox.ratelimits`), and the stateful rules — an
interaction is answered once (else 400 40060), within 3 seconds of Discord creating it (else 404
10062, also when it reached the bot late, as after an outage), and its token serves follow-ups for
15 minutes from then (else 401 50027); missing permissions give 403 50013, closed DMs 50007, a
departed member 404 10007. Every refusal is answered with Discord's error body *and* recorded as a
`Violation`. A message sent with `nonce` and `enforce_nonce: true` is made once: sent again by the
same author to the same channel within `messages.NONCE_MEMORY` (3 minutes of Discord's clock), it is
answered with the message made first, or 404 10008 if that one was deleted since.

Setting up::

    async with Sandbox() as discord:                  # 127.0.0.1, a random port
        hub = discord.add_guild(
            "Hub",
            channels=["general", "gigs", "queue"],     # text channels
            forums={"intros": ["python", "design"]},   # forum channels and their tags
            roles={"Moderators": Permissions(manage_messages=True)},  # or a list of names
            locale="id",                               # the guild's preferred locale
        )
        alice = hub.add_member("alice", roles=["Moderators"], locale="id")
        ana = hub.add_member("ana", permissions=Permissions(manage_guild=True))  # own role
        carol = hub.add_member("carol", accepts_dms=False)   # DMs to her fail with 50007
        hub.owner, hub.me (the bot's member), hub.channel("gigs"), hub.role("Moderators"),
        hub.member("alice"), hub.add_channel("collab", forum=True, tags=[...],
        moderated_tags=[...], require_tag=True), hub.add_role(...), hub.remove_member(carol),
        hub.set_bot_permissions(...), hub.add_automod_rule("no spam", ["spam"])
        hub.channel("gigs").set_permissions(hub.me, deny=Permissions(send_messages=True))
        hub.override_command("hub", hub.everyone, allow=True)  # as Integrations does; None clears

    Discord's rate limits are always on (`bot.sandbox.ratelimits`); `Sandbox(rate_scale=0.1)`
    makes every window a tenth as long for a test that needs volume, and
    `Sandbox(invalid_request_share=0.01)` sets the share of Cloudflare's 10,000 invalid requests
    per 10 minutes that is a violation.

Running a bot::

    async with discord.run_bot(settings, clock=clock) as bot:   # the real Mozaik (bot.app)
        ...                                    # ready, commands registered; closed on exit
    async with discord.connect(any_client, token=None) as client:   # any discord.py client
        ...

    Leaving `run_bot` and entering it again with the same settings (same database) is a
    restart: messages, threads and registered commands stay; the buttons must keep working.

    Sharded as Discord does it: `discord.add_guild("Hub", shard=(1, 4))` picks the guild's id so
    that `(id >> 22) % 4 == 1`; `discord.run_bot(settings, shards=[0, 1], shard_count=4)` runs
    Mozaik on those shards (two such bots on one database share the work); each session gets
    only its shard's guilds and events, DMs reach shard 0, an invalid `shard` pair in IDENTIFY
    is closed with 4010, and `Sandbox(recommended_shards=4, max_concurrency=4)` sets what
    `/gateway/bot` answers.
    Asking for a privileged intent (members, presences, message content) is refused with close
    code 4014 (discord.PrivilegedIntentsRequired), as Discord does without the portal's consent.

Acting as members (each returns once the bot answered; `NoAnswer` if it did not in time)::

    reply = await discord.slash(alice, "gig post", title="Logo", budget=500)
    reply = await discord.slash(alice.at(hub.channel("gigs")), "gig post", ...)  # in a channel
    reply = await discord.submit_modal(alice, reply, {"title": "…"})  # by custom id or label
    reply = await discord.click(alice, message, "Approve")   # by label or custom id; a Reply
    reply = await discord.select(alice, message, "gig:skills", ["python"])   # is taken too
    choices = await discord.autocomplete(alice, "intro find", "skill", "pyth")  # [Choice]
    message = await discord.post(alice, "hello")                      # a member writes

    Options are typed from the registered command: str, int, float, bool, a Member/User, a
    Channel or a Role (resolved as Discord does). Without a channel (`.at(...)`) a member acts
    in the guild's first text channel. What the Discord client would not let a member do
    raises `SandboxError` without reaching the bot: a command hidden by its default member
    permissions, an unknown option, a value outside the option's range or choices, a disabled
    button, someone else's ephemeral message, a required modal field left empty.

Reading the answer — `Reply`::

    reply.type          # 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal
    reply.content, reply.embeds, reply.components, reply.ephemeral, reply.deferred
    reply.message       # the sandbox Message it created or changed (live; None for 8 and 9)
    reply.modal         # Modal(custom_id, title, components) with .fields and .field(key)
    reply.followups     # follow-up messages, in order
    await reply.wait_followup(within=None)   # the first follow-up, or the original once edited

Reading the world::

    discord.messages(channel)   # visible messages, oldest first (ephemeral ones: on the Reply)
    discord.dms(member)         # what the bot sent them in DMs
    discord.threads(channel)    # threads and forum posts started in a channel
    discord.registered_commands(guild=None)
    message.content, .embeds, .embed, .components, .component(label), .attachments (bytes in
    .data), .ephemeral, .loading, .thread, .text (content and embed texts), .pings
    message.pings.users / .roles / .everyone / .nobody   # who it notified, by Discord's rules
    thread.applied_tags, .archived, .locked, .thread_members

Time, faults and the record::

    discord.elapse(4)                      # Discord's clock moves (deadlines, nonces), nobody waits
    discord.inject("POST /channels/{id}/messages", faults.rate_limited(0.05), times=2)
    faults.server_error(502), faults.missing_permissions(), faults.cannot_message_user(),
    faults.delay(0.5)
    await discord.drop_gateway()           # drop the connection, wait for the resume
    async with discord.gateway_outage():   # disconnected inside; missed events are replayed
        ...
    async with discord.gateway_outage(shard=1):   # only shard 1's connection is down
        ...
    await discord.wait_until(lambda: len(discord.messages(queue)) == 1)
    record = await discord.wait_delivered()    # an unanswered interaction reached the bot
    discord.violations                     # [Violation(method, path, status, body, errors, sent)]
    discord.take_violations()              # take them when a test provokes them on purpose
    discord.exchanges                      # every REST request and answer, timed
    discord.ledger.busiest(1.0, bucket=None)   # the most requests in any second (or bucket's)
    discord.ledger.rate_limited()          # the 429s Discord's limits gave
    discord.traffic()                      # requests, 429s, busiest second, the limits in force

In Mozaik's tests, the `sandbox` fixture (tests/support/sandbox.py) fails the test at teardown
when violations remain.
"""

from bot.sandbox import faults
from bot.sandbox.channels import Channel, ChannelType, Message
from bot.sandbox.errors import NoAnswer, SandboxError
from bot.sandbox.guild import Guild
from bot.sandbox.ledger import Exchange, Violation
from bot.sandbox.members import Actor, Member, Role, User
from bot.sandbox.mentions import Pings
from bot.sandbox.replies import Choice, Modal, Reply
from bot.sandbox.server import Sandbox

__all__ = [
    "Actor",
    "Channel",
    "ChannelType",
    "Choice",
    "Exchange",
    "Guild",
    "Member",
    "Message",
    "Modal",
    "NoAnswer",
    "Pings",
    "Reply",
    "Role",
    "Sandbox",
    "SandboxError",
    "User",
    "Violation",
    "faults",
]
