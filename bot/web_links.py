"""Which typed links Mozaik publishes: https links to a host anyone on the internet can reach.

A link is read with a URL parser (`urllib.parse.urlsplit`), never by pattern alone, and then:

- its scheme is `https` (`http` gets its own answer: the member meant a link, an unsafe one);
- it has no user name or password before the host (`https://bank.com@evil.example` hides where
  it goes), and its port, if any, is a number from 1 to 65535;
- its host is either
  - an IP address (IPv4 dotted, or IPv6 in brackets) that is globally reachable: no loopback,
    private, link-local, shared, reserved or documentation range (`ipaddress`' `is_global`); or
  - a domain name that IDNA (UTS #46, the `idna` package) can encode, with at least two labels
    and a real top-level label: ASCII letters only, or an internationalised `xn--` label, so
    `https://1.00` and `https://.` are not links; and not a name reserved for private use
    (`localhost`, `.local`, `.internal`, `.test`, `.invalid`, `.arpa`, `.localdomain`).

The rule does not look names up: a well-formed domain nobody registered still passes.

A hub's blocklist (bot/hubs/trust.py) compares `link_domain`s: the IDNA ASCII form, lower case.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from urllib.parse import urlsplit

import idna

_PRIVATE_TOP_LABELS = frozenset(
    {"localhost", "local", "internal", "test", "invalid", "arpa", "localdomain"}
)
_DOMAIN_MAX = 253
# Any scheme followed by "://": only https is accepted, in the text and as the apply link.
_LINK = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>()\[\]]+", re.IGNORECASE)
# What ends a sentence around a link in running text is not part of the link.
_AFTER_LINK = ".,;:!?'\"*_~|`"


class LinkProblem(enum.Enum):
    NOT_HTTPS = "not_https"  # an http link
    NOT_A_LINK = "not_a_link"  # anything else this rule refuses


def link_problem(link: str) -> LinkProblem | None:
    """What keeps `link` from being published, or None when it may be."""
    try:
        parts = urlsplit(link)
        parts.port  # noqa: B018 - reading it checks it: a port that is not a number raises
    except ValueError:  # an unbalanced "[", a port that is no number
        return LinkProblem.NOT_A_LINK
    scheme = parts.scheme.lower()
    if scheme == "http":
        return LinkProblem.NOT_HTTPS
    if scheme != "https" or "@" in parts.netloc or parts.port == 0:
        return LinkProblem.NOT_A_LINK
    host = parts.hostname or ""
    return None if _public_host(host) else LinkProblem.NOT_A_LINK


def _public_host(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return _public_domain(host)


def _public_domain(host: str) -> bool:
    ascii_name = domain_name(host)
    if ascii_name is None:
        return False
    top = ascii_name.split(".")[-1]
    real_top = top.isascii() and top.isalpha() and len(top) >= 2
    return (real_top or top.startswith("xn--")) and top not in _PRIVATE_TOP_LABELS


def links_in(text: str) -> list[str]:
    """Every link typed in running text, without the punctuation that ends its sentence."""
    return [match.group(0).rstrip(_AFTER_LINK) for match in _LINK.finditer(text)]


def link_domain(link: str) -> str | None:
    """The link's host as a domain name in IDNA ASCII, lower case; None for an IP address or
    anything that is no domain (`domain_name` says why)."""
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:
        return None
    return domain_name(host)


def domain_name(text: str) -> str | None:
    """`text` as a domain name in IDNA ASCII, lower case ("Bücher.Example." is
    "xn--bcher-kva.example"); None when it is no name of two labels or more."""
    name = text.strip().removesuffix(".")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return None
    try:
        ascii_name = idna.encode(name, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        return None
    if "." not in ascii_name or len(ascii_name) > _DOMAIN_MAX:
        return None
    return ascii_name
