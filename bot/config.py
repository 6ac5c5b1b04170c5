"""Mozaik's settings: a TOML file for everything but the token, which comes from the environment.

Settings are validated once, at start; a bad file is refused with one line naming the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    SecretStr,
    ValidationError,
)

from bot.database import PASSWORD_VARIABLE, Database, parse_database
from bot.shards import Shards, check_shards, parse_shard_ids
from bot.timezones import is_timezone

TOKEN_VARIABLE = "DISCORD_TOKEN"  # noqa: S105 - the name of the variable, not a secret

Locale = Literal["en", "id"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def _known_timezone(name: str) -> str:
    if not is_timezone(name):
        raise ValueError(f"unknown timezone {name!r} (use an IANA name such as Asia/Jakarta)")
    return name


def _known_currency(code: str) -> str:
    if code not in list_currencies():
        raise ValueError(f"unknown currency {code!r} (use an ISO 4217 code such as IDR or USD)")
    return code


def _clock_time(text: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
        raise ValueError(f"{text!r} is not a 24-hour time HH:MM")
    return text


def _shard_ids(value: object) -> object:
    return parse_shard_ids(value) if isinstance(value, str) else value


Timezone = Annotated[str, AfterValidator(_known_timezone)]
# A path, or a postgresql:// URL (bot/database.py).
DatabaseSetting = Annotated[Database, PlainValidator(parse_database)]
ShardIds = Annotated[tuple[int, ...], BeforeValidator(_shard_ids)]
Currency = Annotated[str, AfterValidator(_known_currency)]
ClockTime = Annotated[str, AfterValidator(_clock_time)]


class _Strict(BaseModel):
    # Unknown keys are typos more often than not: refuse them instead of ignoring them.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HubDefaults(_Strict):
    """What a hub starts with; its admin changes some of it (see config.example.toml)."""

    locale: Locale = "id"
    timezone: Timezone = "Asia/Jakarta"
    currency: Currency = "IDR"
    gig_expiry_days: int = Field(30, ge=1, le=365)
    max_open_gigs_per_week: int = Field(3, ge=1, le=100)
    duplicate_window_days: int = Field(30, ge=0, le=365)
    post_cooldown_seconds: int = Field(60, ge=0, le=86_400)
    max_renewals: int = Field(2, ge=0, le=52)
    allow_new_skills: bool = False
    collab_expiry_days: int = Field(30, ge=1, le=365)
    collab_via_queue: bool = False
    digest_weekday: Weekday = "monday"
    digest_time: ClockTime = "09:00"
    digest_quiet_note: bool = True
    digest_grace_hours: int = Field(24, ge=0, le=168)


class WebSettings(_Strict):
    """The public board (bot/web): off unless enabled; then served beside `mozaik run`."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65_535)  # 0: any free port
    # The address readers use (behind a proxy, its https URL): feeds and links are absolute.
    base_url: str | None = Field(None, pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$")

    @property
    def root(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")


class Settings(_Strict):
    # TOML has no path or tuple type: these two convert from a string and an array.
    database: DatabaseSetting = Path("mozaik.db")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    dev_guild_ids: tuple[int, ...] = Field((), strict=False)
    members_intent: bool = False
    # How long the AutoMod re-check of one gig may take before a moderator must check it.
    automod_budget_seconds: float = Field(2.0, gt=0, le=10)
    # The pace of the outbox's direct messages (cogs/outbox.py), in requests a second for the
    # whole bot: well under Discord's global 50, which every other request shares. Above 45
    # only against the sandbox with shortened rate-limit windows.
    outbox_requests_per_second: float = Field(20.0, gt=0, le=10_000, strict=False)
    hub_defaults: HubDefaults = HubDefaults()
    web: WebSettings = WebSettings()
    # Sharded when shard_count is set: this process serves `shards` ("0-3" or [0, 1, 2, 3]; all
    # of them if not given) out of shard_count. Unset: one process, unsharded.
    shards: ShardIds | None = Field(None, strict=False)
    shard_count: int | None = Field(None, ge=1)
    token: SecretStr | None = Field(default=None, exclude=True, repr=False)
    # PostgreSQL's password, from PASSWORD_VARIABLE (unused for a SQLite file).
    database_password: SecretStr | None = Field(default=None, exclude=True, repr=False)

    @property
    def shard_plan(self) -> Shards:
        if self.shard_count is None:
            return Shards()
        return Shards(self.shards or tuple(range(self.shard_count)), self.shard_count)


def database_password(settings: Settings) -> str | None:
    """The PostgreSQL password from the environment, as the store needs it."""
    secret = settings.database_password
    return None if secret is None else secret.get_secret_value()


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line naming the key."""


def load_settings(path: Path | None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from a TOML file (defaults without one), and the token from the environment."""
    raw: dict[str, object] = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such file") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
    for secret, variable in (("token", TOKEN_VARIABLE), ("database_password", PASSWORD_VARIABLE)):
        if secret in raw:
            raise ConfigError(
                f"{path}: {secret}: the {secret.replace('_', ' ')} is never kept in a file; "
                f"set {variable} instead"
            )
    environ = dict(os.environ) if environ is None else environ
    token = environ.get(TOKEN_VARIABLE) or None
    password = environ.get(PASSWORD_VARIABLE) or None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"{path or 'settings'}: {_first_problem(error)}") from None
    _check_sharding(settings, f"{path or 'settings'}: ")
    return settings.model_copy(
        update={
            "token": SecretStr(token) if token else None,
            "database_password": SecretStr(password) if password else None,
        }
    )


def with_shards(settings: Settings, shards: str | None, shard_count: int | None) -> Settings:
    """The settings with `--shards` and `--shard-count` from the command line in place of the
    file's (ConfigError naming the option if they do not fit together)."""
    update: dict[str, object] = {}
    try:
        if shards is not None:
            update["shards"] = parse_shard_ids(shards)
    except ValueError as error:
        raise ConfigError(f"--shards: {error}") from None
    if shard_count is not None:
        update["shard_count"] = shard_count
    changed = settings.model_copy(update=update)
    _check_sharding(changed, "--shards/--shard-count: ")
    return changed


def _check_sharding(settings: Settings, where: str) -> None:
    if settings.shards is not None and settings.shard_count is None:
        raise ConfigError(f"{where}shards: set shard_count too (how many shards in all)")
    if settings.shard_count is not None:
        try:
            plan = settings.shard_plan
            check_shards(plan.ids, plan.count)
        except ValueError as error:
            raise ConfigError(f"{where}shards: {error}") from None


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
    if problem["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    if problem["type"] == "value_error":
        return f"{key}: {problem['msg'].removeprefix('Value error, ')}"
    return f"{key}: {problem['msg']} (got {problem['input']!r})"
