"""Where the database is: a SQLite file (the default) or a PostgreSQL server named by a URL.

The URL names the server and the role, never the password: that comes from the environment
(PASSWORD_VARIABLE), like the bot's token, so it is in no file and in no line Mozaik prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PASSWORD_VARIABLE = "MOZAIK_DATABASE_PASSWORD"  # noqa: S105 - the name of the variable
SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class PostgresAddress:
    user: str
    host: str
    port: int
    database: str

    def __str__(self) -> str:
        """The server as lines and logs name it: host:port/database."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.database}"


Database = Path | PostgresAddress


def parse_database(value: object) -> Database:
    """A path, or a PostgreSQL URL `postgresql://user@host:port/database` (ValueError saying
    what is wrong with a malformed one, without repeating it: it may hold a password)."""
    if isinstance(value, Path | PostgresAddress):
        return value
    if not isinstance(value, str):
        raise ValueError("a file path or a postgresql://user@host:port/database URL is needed")
    scheme, separator, _ = value.partition("://")
    if not separator or scheme.lower() not in SCHEMES:
        return Path(value)
    return _postgres_address(value)


def _postgres_address(url: str) -> PostgresAddress:
    parts = urlsplit(url)
    if parts.password is not None:
        raise ValueError(
            f"the URL holds a password; set {PASSWORD_VARIABLE} instead and leave it out"
        )
    if parts.query or parts.fragment:
        raise ValueError("the URL takes no options (?…): only postgresql://user@host:port/database")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise ValueError("the URL's port is not a number from 1 to 65535") from None
    name = unquote(parts.path.removeprefix("/"))
    if not parts.username or not parts.hostname or not name or "/" in name:
        raise ValueError("the URL needs a user, a host and a database: postgresql://user@host/db")
    return PostgresAddress(unquote(parts.username), parts.hostname, port, name)
