"""Discord's rate limits: per-route buckets answered with Discord's headers, the global limit, and
the invalid-request count that would get the bot's address banned."""

import asyncio

import aiohttp
import discord

from bot.sandbox import Sandbox
from bot.sandbox.permissions import BOT_DEFAULT
from bot.sandbox.ratelimits import INVALID_REQUEST_BAN, LIMITS
from bot.sandbox.spec import ApiSpec

from .bots import MinimalBot

# Windows a tenth of Discord's: a burst of 20 messages at 5 per 5 s takes 1.5 s, not 15.
SCALE = 0.1
# Windows ten times Discord's, for a test whose burst must fall in one window: a slow machine may
# spread it over more than Discord's second.
WIDE = 10.0
HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-RateLimit-Reset-After",
    "X-RateLimit-Bucket",
)


def message_limit():
    return next(rule.limit for rule in LIMITS if rule.template == "/channels/{channel_id}/messages")


async def test_a_burst_of_messages_through_discord_py_arrives_in_order_paced_by_the_headers():
    async with Sandbox(rate_scale=SCALE) as sandbox:
        hub = sandbox.add_guild("Hub")
        general = hub.channel("general")
        async with sandbox.connect(MinimalBot()) as bot:
            channel = bot.get_channel(general.id)
            assert isinstance(channel, discord.TextChannel)
            await asyncio.gather(*(channel.send(f"gig {number}") for number in range(20)))

        posts = [e for e in sandbox.exchanges if e.method == "POST" and "/messages" in e.path]
        window = message_limit().seconds * SCALE
        context = sandbox.limits.describe()
        assert [m.content for m in sandbox.messages(general)] == [f"gig {n}" for n in range(20)]
        # 5 at once, then 5 as each of the next three windows opens: no faster, and no 429.
        assert posts[-1].monotonic - posts[0].monotonic >= 3 * window * 0.9, context
        assert sandbox.ledger.busiest(window, bucket=posts[0].bucket) <= 2 * 5, context
        assert sandbox.ledger.rate_limited() == [], context
        assert sandbox.violations == []


async def test_a_raw_burst_past_a_bucket_gets_discords_429():
    async with Sandbox() as sandbox:
        hub = sandbox.add_guild("Hub")
        url = f"{sandbox.api_base}/channels/{hub.channel('general').id}/messages"
        auth = {"Authorization": f"Bot {sandbox.token}"}
        async with aiohttp.ClientSession(headers=auth) as http:
            answers = []
            for number in range(message_limit().requests + 1):
                async with http.post(url, json={"content": f"gig {number}"}) as answer:
                    answers.append((answer.status, dict(answer.headers), await answer.json()))

    *admitted, (status, headers, body) = answers
    assert [answer[0] for answer in admitted] == [200] * message_limit().requests
    assert [answer[1]["X-RateLimit-Remaining"] for answer in admitted] == ["4", "3", "2", "1", "0"]
    assert all(name in answer[1] for answer in admitted for name in HEADERS)
    assert status == 429
    assert all(name in headers for name in HEADERS)
    assert headers["X-RateLimit-Scope"] == "user" and headers["X-RateLimit-Remaining"] == "0"
    assert int(headers["Retry-After"]) >= 1 and 0 < body["retry_after"] <= 5
    assert body["global"] is False and body["message"] == "You are being rate limited."
    spec = ApiSpec.load()
    assert spec is not None
    assert spec.check_schema("RatelimitedResponse", body) == []
    assert spec.check_response("POST", "/channels/1/messages", 429, body) == []
    assert len(sandbox.ledger.rate_limited()) == 1
    assert sandbox.violations == []


async def test_sixty_requests_at_once_across_routes_hit_the_global_limit():
    async with Sandbox(rate_scale=WIDE) as sandbox:
        hub = sandbox.add_guild("Hub", channels=["general", "gigs", "queue"])
        routes = [f"/channels/{channel.id}" for channel in hub.text_channels]
        routes += ["/users/@me", f"/guilds/{hub.id}", f"/guilds/{hub.id}/roles"]
        auth = {"Authorization": f"Bot {sandbox.token}"}
        async with aiohttp.ClientSession(headers=auth) as http:

            async def get(route: str) -> tuple[int, dict[str, str], object]:
                async with http.get(sandbox.api_base + route) as answer:
                    return answer.status, dict(answer.headers), await answer.json()

            answers = await asyncio.gather(*(get(routes[n % len(routes)]) for n in range(60)))

    refused = [answer for answer in answers if answer[0] == 429]
    assert sum(answer[0] == 200 for answer in answers) == 50
    assert len(refused) == 10
    for _, headers, body in refused:
        assert headers["X-RateLimit-Global"] == "true" and headers["X-RateLimit-Scope"] == "global"
        assert body["global"] is True
    assert sandbox.ledger.busiest(WIDE) == 60
    assert sandbox.violations == []


async def test_discord_py_waits_out_the_global_limit():
    async with Sandbox() as sandbox:
        hub = sandbox.add_guild("Hub", channels=[f"room-{n}" for n in range(60)])
        async with sandbox.connect(MinimalBot()) as bot:
            fetched = await asyncio.gather(*(bot.fetch_channel(c.id) for c in hub.text_channels))

    assert [channel.id for channel in fetched] == [channel.id for channel in hub.text_channels]
    assert {e.scope for e in sandbox.ledger.rate_limited()} <= {"global"}
    assert sandbox.violations == []


async def test_unauthorised_requests_past_the_threshold_are_a_violation():
    async with Sandbox(invalid_request_share=0.001) as sandbox:
        threshold = sandbox.limits.invalid_threshold
        async with aiohttp.ClientSession(headers={"Authorization": "Bot wrong"}) as http:
            for _ in range(threshold - 1):
                async with http.get(f"{sandbox.api_base}/users/@me") as answer:
                    assert answer.status == 401
            before = [v for v in sandbox.take_violations() if INVALID_REQUEST_BAN in str(v)]
            async with http.get(f"{sandbox.api_base}/users/@me") as answer:
                assert answer.status == 401
        after = [v for v in sandbox.take_violations() if INVALID_REQUEST_BAN in str(v)]

    assert threshold == 10
    assert before == []
    assert len(after) == 1
    assert "x 1" in str(after[0])


async def test_renames_are_limited_apart_from_other_edits_of_the_channel():
    async with Sandbox(rate_scale=SCALE) as sandbox:
        manager = BOT_DEFAULT | discord.Permissions(manage_channels=True).value
        hub = sandbox.add_guild("Hub", bot_permissions=manager)
        url = f"{sandbox.api_base}/channels/{hub.channel('general').id}"
        auth = {"Authorization": f"Bot {sandbox.token}"}
        async with aiohttp.ClientSession(headers=auth) as http:
            renames = []
            for change in ({"name": "one"}, {"topic": "gigs"}, {"name": "three"}):
                async with http.patch(url, json=change) as answer:
                    renames.append(answer.status)
            async with http.patch(url, json={"nsfw": False}) as answer:
                other = answer.status

    assert renames == [200, 200, 429]
    assert other == 200
    assert hub.channel("one").topic == "gigs"


async def test_a_hundred_members_at_once_are_each_answered_without_a_429():
    # Every interaction's callback is its own bucket, keyed by its id and token, and none counts
    # against the global limit: a busy hub's commands are not held back by one another. In one
    # WIDE window, one bucket shared by all callbacks would answer the last fifty with 429s.
    async with Sandbox(rate_scale=WIDE) as sandbox:
        hub = sandbox.add_guild("Hub")
        members = [hub.add_member(f"member-{number}") for number in range(100)]
        bot = MinimalBot()

        @bot.tree.command(description="Answers at once")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

        async with sandbox.connect(bot):
            replies = await asyncio.gather(*(sandbox.slash(m, "ping") for m in members))

    callbacks = [e for e in sandbox.exchanges if e.path.endswith("/callback")]
    assert [reply.message.content for reply in replies if reply.message] == ["pong"] * 100
    assert len(callbacks) == 100 and sandbox.ledger.busiest(WIDE) >= 100
    assert sandbox.ledger.rate_limited() == [], sandbox.limits.describe()
    assert sandbox.violations == []
