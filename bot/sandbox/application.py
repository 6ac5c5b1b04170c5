"""Who is who: the bot (`users/@me`, `oauth2/applications/@me`), other users, and where the
gateway is."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import UNKNOWN_USER, ApiError
from bot.sandbox.gateway import Gateway
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.state import World

SESSION_STARTS_PER_DAY = 1000


class Application:
    def __init__(
        self,
        world: World,
        api: RestApi,
        gateway: Gateway,
        *,
        recommended_shards: int = 1,
        max_concurrency: int = 1,
    ) -> None:
        self.world = world
        self._gateway = gateway
        self.recommended_shards = recommended_shards
        self.max_concurrency = max_concurrency
        api.router.mount(self)

    @serves("GET", "/users/@me")
    async def me(self, request: ApiRequest) -> ApiResponse:
        user = self.world.bot_user.payload() | {
            "mfa_enabled": False,
            "locale": "en-US",
            "verified": True,
            "email": None,
            "premium_type": 0,
        }
        return ApiResponse(200, user)

    @serves("GET", "/users/{user_id}")
    async def user(self, request: ApiRequest) -> ApiResponse:
        user = self.world.users.get(request.snowflake("user_id"))
        if user is None:
            raise ApiError(UNKNOWN_USER)
        return ApiResponse(200, user.payload())

    @serves("GET", "/oauth2/applications/@me")
    async def application(self, request: ApiRequest) -> ApiResponse:
        bot = self.world.bot_user.payload()
        data: dict[str, Any] = {
            "id": str(self.world.application_id),
            "name": self.world.bot_user.username,
            "icon": None,
            "description": "",
            "type": None,
            "bot": bot,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "flags_new": "0",
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "owner": self.world.developer.payload(),
            "approximate_guild_count": len(self.world.guilds),
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "team": None,
            "eligible_oauth2_scopes": ["bot", "applications.commands"],
            "rpc_origins": [],
            "tags": [],
        }
        return ApiResponse(200, data)

    @serves("GET", "/gateway/bot")
    async def gateway_bot(self, request: ApiRequest) -> ApiResponse:
        # Every IDENTIFY spends one of the day's session starts, as on Discord.
        limit = {
            "total": SESSION_STARTS_PER_DAY,
            "remaining": max(0, SESSION_STARTS_PER_DAY - len(self._gateway.sessions)),
            "reset_after": 86_400_000,
            "max_concurrency": self.max_concurrency,
        }
        body = {
            "url": self._gateway.url,
            "shards": self.recommended_shards,
            "session_start_limit": limit,
        }
        return ApiResponse(200, body)

    @serves("GET", "/gateway", bot_auth=False)
    async def gateway(self, request: ApiRequest) -> ApiResponse:
        return ApiResponse(200, {"url": self._gateway.url})
