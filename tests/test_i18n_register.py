"""The catalogs speak in one voice and one register, with the terms bot/i18n/GLOSSARY.md fixes."""

import re
from pathlib import Path

import pytest

from bot.i18n import catalog

GLOSSARY = Path(__file__).parents[1] / "bot" / "i18n" / "GLOSSARY.md"
# The member's own words on a button or in an example, not Mozaik's voice.
MEMBER_VOICE = (
    "button_interested",
    "answer_button",
    "refused_reopen",
    "description_placeholder",
    "note_placeholder",
)
MOZAIK_SPEAKING_OF_ITSELF = {
    "en": ("I", "I'm", "I'll", "I've", "we", "We", "our", "Our", "us"),
    "id": ("saya", "Saya", "aku", "Aku", "kami", "Kami"),
}
FORMAL_YOU = ("Anda", "anda", "Saudara", "saudara")


def prose(locale):
    """Every text a member reads as a sentence: command names in the picker, command markers,
    placeholders and quoted button labels are names, not prose."""
    for key, text in catalog(locale).items():
        if re.search(r"\.cmd(\.\w+)*\.name$", key):
            continue
        text = re.sub(r"</[^>]+>", "", text)
        text = re.sub(r'"[^"{}]*"', "", text)
        text = re.sub(r"\{[^}]*\}", "", text)
        yield key, text


def uses(text, word):
    return re.search(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])", text) is not None


def forbidden_variants():
    """The glossary's "Never" columns, as (locale, word) pairs, with a word's capitalised form
    unless the same cell allows it in italics (*Minggu*: Sunday)."""
    found = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("Concept", "---"):
            continue
        for locale, cell in (("en", cells[3]), ("id", cells[4])):
            allowed = set(re.findall(r"\*(\w+)\*", cell))
            for variant in re.sub(r"\([^)]*\)", "", cell).split(","):
                word = variant.strip()
                if not word or word == "—":
                    continue
                found.append((locale, word))
                capital = word[0].upper() + word[1:]
                if capital != word and capital not in allowed:
                    found.append((locale, capital))
    return found


def test_the_glossary_forbids_something_in_both_languages():
    locales = {locale for locale, _ in forbidden_variants()}
    assert locales == {"en", "id"}
    assert ("id", "minggu") in forbidden_variants()
    assert ("id", "Minggu") not in forbidden_variants()


def test_indonesian_addresses_the_member_as_kamu():
    formal = [(key, word) for key, text in prose("id") for word in FORMAL_YOU if uses(text, word)]
    assert formal == []


@pytest.mark.parametrize("locale", ["en", "id"])
def test_mozaik_speaks_of_itself_by_name(locale):
    first_person = [
        (key, word)
        for key, text in prose(locale)
        if not key.endswith(MEMBER_VOICE)
        for word in MOZAIK_SPEAKING_OF_ITSELF[locale]
        if uses(text, word)
    ]
    assert first_person == []


@pytest.mark.parametrize("locale", ["en", "id"])
def test_no_text_uses_a_variant_the_glossary_forbids(locale):
    variants = [word for language, word in forbidden_variants() if language == locale]
    drifting = [(key, word) for key, text in prose(locale) for word in variants if uses(text, word)]
    assert drifting == []
