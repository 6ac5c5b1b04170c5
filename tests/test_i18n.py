import re

import pytest

from bot.i18n import LOCALES, base_key, catalog, pick_locale, placeholders, t
from bot.i18n.mentions import MARKER, command_names


def test_both_catalogs_have_the_same_keys():
    english, indonesian = ({base_key(key) for key in catalog(locale)} for locale in LOCALES)
    assert english - indonesian == set(), "missing in Indonesian"
    assert indonesian - english == set(), "missing in English"


def placeholders_by_key(locale):
    """Each text's placeholders, over all its plural forms."""
    found: dict[str, set[str]] = {}
    for key, text in catalog(locale).items():
        found.setdefault(base_key(key), set()).update(placeholders(text))
    return found


def test_every_text_has_the_same_placeholders_in_both_languages():
    english, indonesian = (placeholders_by_key(locale) for locale in LOCALES)
    differing = {key for key in english if english[key] != indonesian.get(key)}
    assert differing == set()


def test_a_text_with_plural_forms_is_chosen_by_its_count_and_has_an_other_form():
    english = catalog("en")
    plural = {base_key(key) for key in english if "#" in key}
    assert all(
        f"{key}#other" in english and "count" in placeholders(english[f"{key}#other"])
        for key in plural
    )
    assert t("en", "gigs.days", count=1) == "1 day"
    assert t("en", "gigs.days", count=3) == "3 days"
    assert t("id", "gigs.days", count=1) == "1 hari"


def test_no_text_is_empty_or_left_untranslated_by_accident():
    english, indonesian = (catalog(locale) for locale in LOCALES)
    assert all(text.strip() for text in english.values())
    assert all(text.strip() for text in indonesian.values())
    # Long sentences identical in both catalogs were almost certainly never translated.
    same = [key for key, text in english.items() if len(text) > 40 and indonesian.get(key) == text]
    assert same == []


@pytest.mark.parametrize(
    ("member", "hub", "expected"),
    [
        ("id", "en", "id"),
        ("en-US", "id", "en"),
        ("en-GB", "id", "en"),
        ("fr", "id", "id"),
        ("ja", None, "en"),
        (None, "en", "en"),
    ],
)
def test_replies_use_the_members_language_then_the_hubs_then_english(member, hub, expected):
    assert pick_locale(member, hub) == expected


def test_texts_are_filled_in_the_chosen_language():
    assert (
        t("id", "core.cooldown", count=5)
        == "Pelan-pelan sedikit, ya. Silakan coba lagi dalam 5 detik."
    )
    assert "5 seconds" in t("en-US", "core.cooldown", count=5)


@pytest.mark.parametrize("locale", LOCALES)
def test_commands_are_named_by_marker_never_typed(locale):
    texts = catalog(locale)
    markers = {key: MARKER.findall(text) for key, text in texts.items()}
    known = command_names("en")
    unknown = [(key, name) for key, names in markers.items() for name in names if name not in known]
    assert unknown == [], "a marker names a command Mozaik does not have"
    typed = [key for key, text in texts.items() if re.search(r"(?<![\w<:/])/[a-z]", text)]
    assert typed == [], "a command typed into a text cannot be clicked"
    in_picker = [key for key in texts if ".cmd." in key and markers[key]]
    assert in_picker == [], "Discord's command picker shows no mentions"
