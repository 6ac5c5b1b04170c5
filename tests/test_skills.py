import json
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import Refusal
from bot.i18n import LOCALES, catalog, t
from bot.skills import (
    AUTOCOMPLETE_LIMIT,
    SHIPPED_SKILLS_FILE,
    HubAlias,
    HubMerge,
    HubSkill,
    HubTaxonomies,
    HubVocabulary,
    Taxonomy,
    hub_skill_slug,
    new_hub_alias,
    new_hub_merge,
    new_hub_skill,
    parse_skills,
    skill_key,
    split_skill_list,
)

SHIPPED = Taxonomy.shipped()
DATA_FILE = SHIPPED_SKILLS_FILE


def slugs(skills):
    return [skill.slug for skill in skills]


def refusal(call):
    with pytest.raises(Refusal) as caught:
        call()
    return caught.value


def parse(text, *, minimum=1, maximum=8, allow_new=False, locale="en", taxonomy=SHIPPED):
    return parse_skills(
        text, taxonomy, minimum=minimum, maximum=maximum, allow_new=allow_new, locale=locale
    )


# The shipped list


def test_at_least_200_skills_ship_each_named_in_english_and_indonesian():
    assert len(SHIPPED) >= 200
    assert all(skill.name_en.strip() and skill.name_id.strip() for skill in SHIPPED.skills)


def test_slugs_are_unique_lowercase_ascii():
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    found = [entry["slug"] for entry in entries]
    assert len(found) == len(set(found))
    assert all(slug.isascii() and slug == slug.lower() and " " not in slug for slug in found)


def test_no_name_or_alias_means_two_skills():
    owners = defaultdict(set)
    for skill in SHIPPED.skills:
        for text in (skill.name_en, skill.name_id, *skill.aliases):
            owners[skill_key(text)].add(skill.slug)
    shared = {key: sorted(owner) for key, owner in owners.items() if len(owner) > 1}
    assert shared == {}


def test_no_alias_repeats_a_name_or_another_alias_of_its_skill():
    repeated = []
    for skill in SHIPPED.skills:
        seen = {skill_key(skill.name_en), skill_key(skill.name_id)}
        for alias in skill.aliases:
            if skill_key(alias) in seen:
                repeated.append((skill.slug, alias))
            seen.add(skill_key(alias))
    assert repeated == []


def test_every_category_has_a_label_in_both_languages():
    categories = {skill.category for skill in SHIPPED.skills} | {"hub"}
    for locale in LOCALES:
        assert {f"skills.category_{category}" for category in categories} <= set(catalog(locale))


# Normalising what members type


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("js", "javascript"),
        ("ECMAScript", "javascript"),
        ("desain grafis", "graphic-design"),
        ("Desain-Grafis", "graphic-design"),
        ("akuntansi", "accounting"),
        ("penulisan konten", "content-writing"),
        ("Penerjemahan", "translation"),
        ("fotografi", "photography"),
        ("Pemasaran Digital", "digital-marketing"),
        ("tukang listrik", "electrician"),
        ("  Node.JS ", "nodejs"),
        ("node js", "nodejs"),
        ("nodejs", "nodejs"),
        ("PYTHON", "python"),
        ("#python", "python"),
        ("UI / UX design", "ui-ux-design"),
        ("HTML dan CSS", "html-css"),
        ("français", "french"),
        ("Francais", "french"),
        ("graphic-design", "graphic-design"),
    ],
)
def test_names_and_aliases_in_either_language_resolve_to_one_skill(typed, slug):
    skill = SHIPPED.resolve(typed)
    assert skill is not None
    assert skill.slug == slug


def test_c_cpp_and_csharp_stay_three_different_skills():
    c, cpp, csharp = (SHIPPED.resolve(text) for text in ("C", "c++", "C#"))
    assert len({c, cpp, csharp}) == 3
    assert SHIPPED.resolve("c ++") == cpp
    assert SHIPPED.resolve("C Sharp") == csharp
    assert skill_key("c") != skill_key("c+")


def test_unknown_text_resolves_to_nothing():
    assert SHIPPED.resolve("underwater basket weaving") is None
    assert SHIPPED.resolve("") is None
    assert SHIPPED.get("no-such-skill") is None


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=30))
def test_a_key_is_its_own_key_and_ignores_case_and_surrounding_spaces(text):
    key = skill_key(text)
    assert skill_key(key) == key
    assert skill_key(f"  {text.upper()}  ") == key


@pytest.mark.parametrize(
    ("typo", "slug"),
    [
        ("pyhton", "python"),
        ("javscript", "javascript"),
        ("akutansi", "accounting"),
        ("fotografy", "photography"),
        ("desain grafsi", "graphic-design"),
    ],
)
def test_near_misses_are_answered_with_the_skill_they_meant(typo, slug):
    suggestions = SHIPPED.suggest(typo)
    assert 1 <= len(suggestions) <= 3
    assert slug in slugs(suggestions)


def test_nonsense_gets_no_suggestions():
    assert SHIPPED.suggest("qqqxzv") == []


# Autocomplete


def test_empty_search_shows_25_skills_from_many_areas():
    first = SHIPPED.autocomplete("", "en")
    assert len(first) == AUTOCOMPLETE_LIMIT
    assert len({skill.category for skill in first}) >= 10
    assert first[0].slug == "python"


@pytest.mark.parametrize("typed", ["", "a", "de", "desain", "pyht", "zzzz"])
def test_autocomplete_never_offers_more_than_discord_shows(typed):
    assert len(SHIPPED.autocomplete(typed, "id", limit=100)) <= AUTOCOMPLETE_LIMIT


def test_indonesian_members_searching_desain_see_indonesian_names():
    names = [skill.name("id") for skill in SHIPPED.autocomplete("desain", "id")]
    assert names[0] == "Desain Grafis"
    assert all(name.startswith("Desain") for name in names[:10])


def test_english_members_find_the_same_skills_by_their_indonesian_name():
    names = [skill.name("en") for skill in SHIPPED.autocomplete("desain", "en")]
    assert names[0] == "Graphic Design"


def test_exact_match_comes_first_then_names_starting_with_the_text():
    found = SHIPPED.autocomplete("java", "en")
    assert found[0].slug == "java"
    assert "javascript" in slugs(found)


def test_names_starting_with_the_text_come_before_other_matches():
    found = SHIPPED.autocomplete("market", "en")
    starts = [skill.name_en.lower().startswith("market") for skill in found]
    assert starts[0]
    assert starts == sorted(starts, reverse=True), "a name-prefix match came after another match"
    assert "digital-marketing" in slugs(found)  # its second word starts with "market"


def test_half_typed_typos_still_find_the_skill():
    assert "python" in slugs(SHIPPED.autocomplete("pyht", "en"))


# A hub's own skills, aliases and merges

PANTUN = HubSkill(hub_skill_slug("Penulisan Pantun"), "Penulisan Pantun", ("pantun",))


def hub_view(*, skills=(), aliases=(), merges=()):
    return SHIPPED.with_hub(HubVocabulary(1, tuple(skills), tuple(aliases), tuple(merges)))


def test_a_hub_skill_is_known_in_that_hub_only():
    view = hub_view(skills=[PANTUN])
    assert view.resolve("pantun") == PANTUN.as_skill()
    assert PANTUN.slug == "hub:penulisanpantun"
    assert "hub:penulisanpantun" in slugs(view.autocomplete("penulisan p", "id"))
    assert SHIPPED.resolve("pantun") is None


def test_a_hub_alias_points_at_its_skill_in_that_hub():
    view = hub_view(aliases=[HubAlias("ngoding python", "python")])
    assert view.resolve("Ngoding Python").slug == "python"
    assert "ngoding python" in view.resolve("python").aliases
    assert SHIPPED.resolve("ngoding python") is None


def test_a_hub_alias_never_takes_away_another_skills_name():
    view = hub_view(aliases=[HubAlias("Node.js", "python")])  # Python is listed before Node.js
    assert view.resolve("node js").slug == "nodejs"


def test_skills_are_shown_by_name_in_the_readers_language_each_once():
    view = hub_view(merges=[HubMerge("copywriting", "content-writing")])
    shown = view.display_names(["copywriting", "content-writing", "python", "gone"], "id")
    assert shown == [SHIPPED.get("content-writing").name_id, "Python", "gone"]
    assert view.display_names(["content-writing"], "en-GB") == ["Content Writing"]


def test_a_merged_skill_answers_as_the_skill_it_was_merged_into():
    view = hub_view(merges=[HubMerge("copywriting", "content-writing")])
    assert view.resolve("copywriter").slug == "content-writing"
    assert view.resolve("Copywriting").slug == "content-writing"
    assert view.get("copywriting").slug == "content-writing"
    assert "copywriting" not in slugs(view.skills)
    assert len(view) == len(SHIPPED) - 1
    assert SHIPPED.resolve("copywriting").slug == "copywriting"


def test_merges_follow_each_other_and_a_merge_back_is_ignored():
    view = hub_view(
        skills=[PANTUN],
        merges=[
            HubMerge("copywriting", "content-writing"),
            HubMerge("content-writing", PANTUN.slug),
            HubMerge(PANTUN.slug, "copywriting"),
        ],
    )
    assert view.get("copywriting").slug == PANTUN.slug
    assert view.resolve("penulisan konten").slug == PANTUN.slug


def test_an_unchanged_hub_shares_the_shipped_taxonomy():
    assert SHIPPED.with_hub(HubVocabulary(version=0)) is SHIPPED


def test_a_hubs_view_is_rebuilt_only_when_its_version_changes():
    views = HubTaxonomies(SHIPPED)
    assert views.cached(guild_id=7, version=1) is None
    first = views.for_hub(7, HubVocabulary(1, skills=(PANTUN,)))
    assert views.cached(7, 1) is first
    assert views.for_hub(7, HubVocabulary(1, skills=(PANTUN,))) is first
    assert views.cached(8, 1) is None
    changed = views.for_hub(7, HubVocabulary(2))
    assert changed.resolve("pantun") is None
    assert views.cached(7, 1) is None


# Parsing a typed list


def test_a_typed_list_gives_canonical_skills_once_each_in_order():
    skills = parse("Python, desain grafis; js\nNode.JS, javascript, PYTHON")
    assert slugs(skills) == ["python", "graphic-design", "javascript", "nodejs"]


def test_list_markers_and_stray_punctuation_are_ignored():
    assert split_skill_list("- Python\n• SEO.\n3) Copywriting;;, ,") == [
        "Python",
        "SEO",
        "Copywriting",
    ]
    assert slugs(parse("1. Python\n2. .NET")) == ["python", "dotnet"]


def test_more_skills_than_allowed_are_refused_with_both_numbers():
    typed = "Python, Java, Go, Rust, PHP, SQL, Figma, Canva, SEO"
    refused = refusal(lambda: parse(typed, maximum=8))
    assert refused.key == "skills.too_many"
    assert refused.params == {"max": 8, "count": 9}
    assert len(parse(typed, maximum=15)) == 9


def test_an_empty_list_is_refused():
    for typed in ("", "  ", " , ;\n"):
        assert refusal(lambda typed=typed: parse(typed)).key == "skills.none"


def test_fewer_skills_than_required_are_refused():
    refused = refusal(lambda: parse("Python, py", minimum=2))
    assert refused.key == "skills.too_few"
    assert refused.params == {"min": 2, "count": 1}


def test_unknown_items_are_refused_with_suggestions_in_the_members_language():
    refused = refusal(lambda: parse("Python, desian grafis, Qqqxzv", locale="id"))
    assert refused.key == "skills.unknown"
    assert refused.params["count"] == 2
    lines = refused.params["unknown"].splitlines()
    assert lines[0].startswith('• "desian grafis" → Desain Grafis')
    assert lines[1] == '• "Qqqxzv"'


def test_a_new_skill_is_accepted_only_where_the_hub_allows_it():
    refused = refusal(lambda: parse("Python, Penulisan Pantun"))
    assert refused.key == "skills.unknown"
    skills = parse("Python, Penulisan Pantun", allow_new=True)
    assert slugs(skills) == ["python", "hub:penulisanpantun"]
    assert skills[1].name("id") == "Penulisan Pantun"
    assert [skill in SHIPPED for skill in skills] == [True, False]


def test_typos_and_sentences_do_not_become_new_skills():
    refused = refusal(lambda: parse("Pyhton", allow_new=True))
    assert refused.key == "skills.unknown"
    assert "Python" in refused.params["unknown"]
    sentence = "I have done a lot of different things in my career so far " * 2
    assert refusal(lambda: parse(sentence, allow_new=True)).key == "skills.unknown"


def test_a_skill_the_hub_added_is_recognised_like_a_shipped_one():
    view = hub_view(skills=[PANTUN])
    assert slugs(parse("pantun, SEO", taxonomy=view)) == [PANTUN.slug, "seo"]


# Moderators curating a hub's skills


def test_moderators_add_a_missing_skill_with_its_aliases():
    added = new_hub_skill(SHIPPED, "  Kopi   Luwak ", ["luwak", "Kopi-Luwak", "luwak"], locale="en")
    assert added == HubSkill("hub:kopiluwak", "Kopi Luwak", ("luwak",))


@pytest.mark.parametrize(
    ("name", "aliases", "key"),
    [
        ("Desain Grafis", [], "skills.exists"),
        ("Kopi Luwak", ["barista"], "skills.alias_taken"),
        ("!!!", [], "skills.name_invalid"),
        ("x" * 51, [], "skills.name_invalid"),
    ],
)
def test_moderators_cannot_add_what_already_exists_or_is_not_a_name(name, aliases, key):
    assert refusal(lambda: new_hub_skill(SHIPPED, name, aliases, locale="id")).key == key


def test_an_existing_skill_is_named_in_the_moderators_language():
    refused = refusal(lambda: new_hub_skill(SHIPPED, "graphic design", locale="id"))
    assert refused.params == {"skill": "Desain Grafis"}


def test_moderators_alias_a_skill_unless_the_alias_is_taken():
    assert new_hub_alias(SHIPPED, "python", "Ular Python", locale="en") == HubAlias(
        "Ular Python", "python"
    )
    taken = refusal(lambda: new_hub_alias(SHIPPED, "python", "js", locale="en"))
    assert (taken.key, taken.params) == (
        "skills.alias_taken",
        {"alias": "js", "skill": "JavaScript"},
    )
    missing = refusal(lambda: new_hub_alias(SHIPPED, "pyhton", "snake", locale="en"))
    assert missing.key == "skills.unknown"
    assert "Python" in missing.params["unknown"]


def test_moderators_merge_two_different_skills():
    assert new_hub_merge(SHIPPED, "Copywriting", "penulisan konten", locale="en") == HubMerge(
        "copywriting", "content-writing"
    )
    same = refusal(lambda: new_hub_merge(SHIPPED, "js", "JavaScript", locale="en"))
    assert same.key == "skills.merge_same"


# Every refusal reads well in both languages


@pytest.mark.parametrize(
    "make",
    [
        lambda: parse("a, b, c, d, e, f, g, h, i", maximum=8, allow_new=True),
        lambda: parse(""),
        lambda: parse("Python", minimum=2),
        lambda: parse("pyhton"),
        lambda: new_hub_skill(SHIPPED, "python", locale="en"),
        lambda: new_hub_skill(SHIPPED, "?", locale="en"),
        lambda: new_hub_alias(SHIPPED, "python", "js", locale="en"),
        lambda: new_hub_merge(SHIPPED, "js", "javascript", locale="en"),
    ],
)
def test_every_refusal_has_a_text_in_both_languages(make):
    refused = refusal(make)
    for locale in LOCALES:
        text = t(locale, refused.key, **refused.params)
        assert "{" not in text
