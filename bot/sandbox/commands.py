"""Application commands: the bulk overwrite routes, and turning "gig post" plus Python values into
the `data` of an interaction the way Discord's client builds it from the registered command."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import permissions as perms
from bot.sandbox.channels import Channel, ChannelType
from bot.sandbox.command_permissions import override_for
from bot.sandbox.errors import MISSING_ACCESS, ApiError, KnownError, SandboxError
from bot.sandbox.guild import Guild
from bot.sandbox.members import Member, Role, User
from bot.sandbox.rest import ApiRequest, ApiResponse, RestApi, serves
from bot.sandbox.state import World

UNKNOWN_APPLICATION = KnownError(404, 10002, "Unknown Application")

CHAT_INPUT = 1
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10

GUILD_CONTEXT = 0
BOT_DM_CONTEXT = 1


@dataclass
class RegisteredCommand:
    id: int
    guild_id: int | None
    payload: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.payload["name"])


@dataclass
class CommandData:
    """The `data` of an interaction for a command, with what it mentions resolved."""

    command: RegisteredCommand
    who: Member | User
    data: dict[str, Any]
    focused: dict[str, Any] | None = None
    resolved: dict[str, dict[str, Any]] = field(default_factory=dict)


class CommandRegistry:
    def __init__(self, world: World, api: RestApi) -> None:
        self.world = world
        self.overwrites = 0
        """How many bulk overwrites arrived, so a test can wait for the bot's sync."""
        self._by_scope: dict[int | None, dict[tuple[str, int], RegisteredCommand]] = {None: {}}
        api.router.mount(self)

    def _scope(self, request: ApiRequest) -> int | None:
        if request.snowflake("application_id") != self.world.application_id:
            raise ApiError(UNKNOWN_APPLICATION)
        if "guild_id" not in request.params:
            return None
        guild_id = request.snowflake("guild_id")
        if guild_id not in self.world.guilds:
            raise ApiError(MISSING_ACCESS)
        return guild_id

    @serves("PUT", "/applications/{application_id}/commands")
    @serves("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
    async def overwrite(self, request: ApiRequest) -> ApiResponse:
        scope = self._scope(request)
        previous = self._by_scope.get(scope, {})
        replaced: dict[tuple[str, int], RegisteredCommand] = {}
        for body in request.body or []:
            key = (str(body["name"]), int(body.get("type") or CHAT_INPUT))
            # Discord keeps a command's id when a command of the same name and type is overwritten.
            command_id = previous[key].id if key in previous else self.world.ids.next()
            replaced[key] = RegisteredCommand(
                command_id, scope, self._stored(command_id, scope, body)
            )
        self._by_scope[scope] = replaced
        self.overwrites += 1
        self.world.touch()
        return ApiResponse(200, [command.payload for command in replaced.values()])

    @serves("GET", "/applications/{application_id}/commands")
    @serves("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
    async def listing(self, request: ApiRequest) -> ApiResponse:
        scope = self._scope(request)
        return ApiResponse(200, [c.payload for c in self._by_scope.get(scope, {}).values()])

    def _stored(
        self, command_id: int, scope: int | None, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        permissions = body.get("default_member_permissions")
        payload: dict[str, Any] = {
            "id": str(command_id),
            "application_id": str(self.world.application_id),
            "version": str(self.world.ids.next()),
            "type": int(body.get("type") or CHAT_INPUT),
            "name": body["name"],
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description", ""),
            "description_localizations": body.get("description_localizations"),
            "default_member_permissions": None if permissions is None else str(permissions),
            "nsfw": bool(body.get("nsfw", False)),
            "options": list(body.get("options") or []),
        }
        if scope is None:
            payload["contexts"] = body.get("contexts")
            payload["integration_types"] = body.get("integration_types") or [0]
        else:
            payload["guild_id"] = str(scope)
        return payload

    def any_registered(self) -> bool:
        return any(self._by_scope.values())

    def registered(self, guild: Guild | None = None) -> list[RegisteredCommand]:
        """Global commands, plus `guild`'s own when given."""
        found = list(self._by_scope[None].values())
        if guild is not None:
            found += list(self._by_scope.get(guild.id, {}).values())
        return found

    # -- building interaction data ---------------------------------------------------------------

    def command_data(
        self,
        who: Member | User,
        channel: Channel,
        command_path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
    ) -> CommandData:
        """What the client sends for `/command_path` with `options` (`focused`: autocomplete)."""
        words = command_path.strip().lstrip("/").split()
        if not words:
            raise SandboxError("name a command, e.g. 'gig post'")
        guild = channel.guild
        command = self._visible_command(who, channel, words[0])
        data: dict[str, Any] = {"id": str(command.id), "name": command.name, "type": CHAT_INPUT}
        if command.guild_id is not None:
            data["guild_id"] = str(command.guild_id)
        holder: dict[str, Any] = data
        definitions: list[dict[str, Any]] = command.payload["options"]
        for word in words[1:]:
            nested = next(
                (
                    o
                    for o in definitions
                    if o["name"] == word and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
                ),
                None,
            )
            if nested is None:
                raise SandboxError(f"/{command_path}: {word!r} is not a subcommand")
            level: dict[str, Any] = {"type": nested["type"], "name": word, "options": []}
            holder["options"] = [level]
            holder = level
            definitions = nested.get("options") or []
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in definitions):
            names = [o["name"] for o in definitions]
            raise SandboxError(f"/{command_path} needs a subcommand: one of {names}")
        built = CommandData(command, who, data)
        holder["options"] = self._typed_options(
            command_path, definitions, options, focused, built, guild
        )
        if built.resolved:
            data["resolved"] = built.resolved
        return built

    def _visible_command(
        self, who: Member | User, channel: Channel, name: str
    ) -> RegisteredCommand:
        guild = channel.guild
        command = next(
            (
                c
                for c in self.registered(guild)
                if c.name == name and c.payload["type"] == CHAT_INPUT
            ),
            None,
        )
        if command is None:
            known = sorted(c.name for c in self.registered(guild))
            raise SandboxError(f"no command /{name} is registered here (registered: {known})")
        contexts = command.payload.get("contexts")
        if guild is None and contexts is not None and BOT_DM_CONTEXT not in contexts:
            raise SandboxError(f"/{name} cannot be used in DMs")
        required = command.payload["default_member_permissions"]
        overridden = None
        if isinstance(who, Member) and guild is not None:
            overridden = override_for(guild.command_overrides.get(name, {}), who, channel)
        if overridden is False:
            raise SandboxError(f"{who.name} does not see /{name}: an override denies it")
        if overridden is None and isinstance(who, Member) and required is not None:
            held = who.permissions_in()
            if int(required) & held != int(required) and not held & perms.ADMINISTRATOR:
                missing = perms.names(int(required) & ~held)
                raise SandboxError(f"{who.name} does not see /{name}: it needs {missing}")
        return command

    def _typed_options(
        self,
        command_path: str,
        definitions: list[dict[str, Any]],
        given: Mapping[str, Any],
        focused: str | None,
        built: CommandData,
        guild: Guild | None,
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in definitions}
        unknown = set(given) - set(by_name)
        if unknown:
            raise SandboxError(
                f"/{command_path} has no option {sorted(unknown)}; it has {list(by_name)}"
            )
        typed: list[dict[str, Any]] = []
        for definition in definitions:
            name = definition["name"]
            if name not in given:
                if definition.get("required") and focused is None:
                    raise SandboxError(f"/{command_path} needs option {name!r}")
                continue
            if name == focused:
                if not definition.get("autocomplete"):
                    raise SandboxError(f"/{command_path} option {name!r} has no autocomplete")
                option = {
                    "type": definition["type"],
                    "name": name,
                    "value": str(given[name]),
                    "focused": True,
                }
                built.focused = option
            else:
                option = {
                    "type": definition["type"],
                    "name": name,
                    "value": self._value(command_path, definition, given[name], built, guild),
                }
            typed.append(option)
        return typed

    def _value(
        self,
        command_path: str,
        definition: Mapping[str, Any],
        value: Any,
        built: CommandData,
        guild: Guild | None,
    ) -> Any:
        kind = definition["type"]
        where = f"/{command_path} {definition['name']}"
        if kind == STRING:
            return _checked_scalar(where, definition, value, (str,))
        if kind == INTEGER:
            return _checked_scalar(where, definition, value, (int,))
        if kind == NUMBER:
            return _checked_scalar(where, definition, value, (int, float))
        if kind == BOOLEAN:
            if not isinstance(value, bool):
                raise SandboxError(f"{where} takes True or False, not {value!r}")
            return value
        if kind in (USER, MENTIONABLE) and isinstance(value, Member | User):
            self._resolve_user(built, value, guild)
            return str(value.id)
        if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
            built.resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if kind == CHANNEL and isinstance(value, Channel):
            allowed = definition.get("channel_types")
            if allowed and int(value.type) not in allowed:
                raise SandboxError(f"{where} does not offer #{value.name} ({value.type.name})")
            resolved = _resolved_channel(value, built.who)
            built.resolved.setdefault("channels", {})[str(value.id)] = resolved
            return str(value.id)
        raise SandboxError(f"{where}: cannot give {value!r} to an option of type {kind}")

    @staticmethod
    def _resolve_user(built: CommandData, value: Member | User, guild: Guild | None) -> None:
        user = value.user if isinstance(value, Member) else value
        built.resolved.setdefault("users", {})[str(user.id)] = user.payload()
        member = guild.members.get(user.id) if guild is not None else None
        if member is not None and member.present:
            member_payload = member.payload(with_user=False)
            member_payload["permissions"] = str(member.permissions_in())
            built.resolved.setdefault("members", {})[str(user.id)] = member_payload


def _checked_scalar(
    where: str, definition: Mapping[str, Any], value: Any, kinds: tuple[type, ...]
) -> Any:
    choices = definition.get("choices")
    if choices:
        for choice in choices:
            if value in (choice["value"], choice["name"]):
                return choice["value"]
        offered = [choice["name"] for choice in choices]
        raise SandboxError(f"{where} offers only {offered}, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, kinds):
        names = " or ".join(kind.__name__ for kind in kinds)
        raise SandboxError(f"{where} takes {names}, not {value!r}")
    if isinstance(value, str):
        if len(value) < definition.get("min_length", 0):
            raise SandboxError(
                f"{where}: the client needs at least {definition['min_length']} characters"
            )
        if len(value) > definition.get("max_length", 6000):
            raise SandboxError(
                f"{where}: the client accepts at most {definition['max_length']} characters"
            )
    else:
        if "min_value" in definition and value < definition["min_value"]:
            raise SandboxError(
                f"{where}: the client refuses values below {definition['min_value']}"
            )
        if "max_value" in definition and value > definition["max_value"]:
            raise SandboxError(
                f"{where}: the client refuses values above {definition['max_value']}"
            )
    return value


def _resolved_channel(channel: Channel, who: Member | User) -> dict[str, Any]:
    if channel.type == ChannelType.DM:
        raise SandboxError("a DM channel cannot be a command option")
    seen_by = who.permissions_in(channel) if isinstance(who, Member) else perms.ALL
    data: dict[str, Any] = {
        "id": str(channel.id),
        "name": channel.name,
        "type": int(channel.type),
        "permissions": str(seen_by),
    }
    if channel.is_thread:
        full = channel.payload()
        data |= {"parent_id": full["parent_id"], "thread_metadata": full["thread_metadata"]}
    return data
