"""Guild routes: the guild, its channels, roles, active threads, members and automod rules."""

from __future__ import annotations

from bot.sandbox import permissions as perms
from bot.sandbox.errors import MISSING_PERMISSIONS, UNKNOWN_GUILD, UNKNOWN_MEMBER, ApiError
from bot.sandbox.guild import Guild
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.state import World


class Guilds:
    def __init__(self, world: World, api: RestApi) -> None:
        self.world = world
        api.router.mount(self)

    def guild(self, request: ApiRequest) -> Guild:
        guild = self.world.guilds.get(request.snowflake("guild_id"))
        if guild is None:
            raise ApiError(UNKNOWN_GUILD)
        return guild

    @serves("GET", "/guilds/{guild_id}")
    async def fetch(self, request: ApiRequest) -> ApiResponse:
        guild = self.guild(request)
        data = guild.payload()
        if request.flag("with_counts"):
            present = sum(1 for member in guild.members.values() if member.present)
            data |= {"approximate_member_count": present, "approximate_presence_count": 0}
        return ApiResponse(200, data)

    @serves("GET", "/guilds/{guild_id}/channels")
    async def channels(self, request: ApiRequest) -> ApiResponse:
        guild = self.guild(request)
        return ApiResponse(200, [channel.payload() for channel in guild.channels.values()])

    @serves("GET", "/guilds/{guild_id}/roles")
    async def roles(self, request: ApiRequest) -> ApiResponse:
        return ApiResponse(200, [role.payload() for role in self.guild(request).roles.values()])

    @serves("GET", "/guilds/{guild_id}/threads/active")
    async def active_threads(self, request: ApiRequest) -> ApiResponse:
        guild = self.guild(request)
        me = self.world.bot_user.id
        threads = [thread for thread in guild.threads if not thread.archived]
        members = [t.thread_member_payload(me) for t in threads if me in t.thread_members]
        return ApiResponse(200, {"threads": [t.payload() for t in threads], "members": members})

    @serves("GET", "/guilds/{guild_id}/members/{user_id}")
    async def member(self, request: ApiRequest) -> ApiResponse:
        guild = self.guild(request)
        member = guild.members.get(request.snowflake("user_id"))
        if member is None or not member.present:
            raise ApiError(UNKNOWN_MEMBER)
        return ApiResponse(200, member.payload())

    @serves("GET", "/guilds/{guild_id}/auto-moderation/rules")
    async def automod_rules(self, request: ApiRequest) -> ApiResponse:
        guild = self.guild(request)
        if not guild.me.permissions_in() & perms.MANAGE_GUILD:
            raise ApiError(MISSING_PERMISSIONS)
        return ApiResponse(200, guild.automod_rules)
