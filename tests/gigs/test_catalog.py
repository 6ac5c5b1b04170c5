"""Every text the gig feature can show exists in both languages, and command names are valid."""

import re
from pathlib import Path

import pytest

from bot.gigs.curation import GigAction
from bot.gigs.model import (
    CloseReason,
    Engagement,
    GigKind,
    GigStatus,
    Level,
    LocationType,
    PayPeriod,
    ReportReason,
)
from bot.i18n import LOCALES, catalog, has_text

SOURCES = [*Path("bot/gigs").rglob("*.py"), *Path("cogs/gigs").rglob("*.py")]
# Discord's rule for command and option names in any locale.
NAME = re.compile(r"^[-_\w]{1,32}$")


def keys_in_sources() -> set[str]:
    found = set()
    for source in SOURCES:
        found |= set(re.findall(r'"((?:gigs|gigmod)\.[a-z_.]+[a-z])"', source.read_text()))
    return found


def derived_keys() -> set[str]:
    keys = {f"gigs.kind_{v}" for v in GigKind} | {f"gigs.level_{v}" for v in Level}
    keys |= {f"gigs.engagement_{v}" for v in Engagement}
    keys |= {f"gigs.location_{v}" for v in LocationType}
    keys |= {f"gigs.period_{v}" for v in PayPeriod} | {f"gigs.per_{v}" for v in PayPeriod}
    keys |= {f"gigs.close_{v}" for v in CloseReason} | {f"gigs.report_{v}" for v in ReportReason}
    keys |= {f"gigs.status_{v}" for v in GigStatus}
    keys |= {f"gigs.status_closed_{v}" for v in CloseReason}
    keys |= {f"gigmod.queue_closed_{v}" for v in CloseReason}
    keys |= {f"gigmod.queue_{s}" for s in ("approved", "rejected", "changes_requested")}
    keys |= {f"gigmod.{s}{t}" for s in ("rejected", "changes_requested") for t in ("", "_not_told")}
    keys |= {f"gigs.dm_{s}" for s in ("rejected", "changes_requested", "removed", "expired")}
    keys |= {f"gigmod.audit_{a}" for a in GigAction if a is not GigAction.INTEREST}
    keys |= {
        f"gigmod.reason_{p}_{c}"
        for p in ("title", "placeholder")
        for c in ("reject", "changes", "remove")
    }
    keys |= {
        f"gigs.form_{f}{s}"
        for f in ("title", "description", "skills", "pay", "apply")
        for s in ("", "_hint", "_placeholder")
    }
    keys |= {f"gigs.{f}_{p}" for f in ("title", "description") for p in ("missing", "too_long")}
    return keys


@pytest.mark.parametrize("key", sorted(keys_in_sources() | derived_keys()))
def test_every_gig_text_exists(key):
    # Commands are named by a prefix: "gigs.cmd.post" stands for its .name and .description.
    assert has_text(key) or (has_text(f"{key}.name") and has_text(f"{key}.description")), key


@pytest.mark.parametrize("locale", LOCALES)
def test_command_and_option_names_are_valid_for_discord(locale):
    texts = catalog(locale)
    names = {
        k: v
        for k, v in texts.items()
        if k.split(".")[0] in ("gigs", "gigmod") and ".cmd." in k and k.endswith(".name")
    }
    assert names
    for key, name in names.items():
        assert NAME.match(name) and name == name.lower(), (key, name)
    described = [v for k, v in texts.items() if ".cmd." in k and k.endswith(".description")]
    assert all(1 <= len(text) <= 100 for text in described)


@pytest.mark.parametrize("locale", LOCALES)
def test_labels_fit_discord(locale):
    texts = catalog(locale)
    for key, text in texts.items():
        if key.startswith(("gigs.button_", "gigmod.button_")):
            assert len(text) <= 80, key
        if key.startswith("gigs.form_") and not key.endswith(("_hint", "_placeholder")):
            assert len(text) <= 45, key
        if key.endswith(("_hint", "_placeholder")) and key.startswith("gigs.form_"):
            assert len(text) <= 100, key
