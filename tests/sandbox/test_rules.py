"""The documented limits no schema states: the sandbox refuses what Discord refuses."""

from typing import Any

import discord
from discord import app_commands

from bot.sandbox.rules import check_message_rules, invalid_form_body, is_empty_message


def embed(characters: int) -> dict[str, Any]:
    """An embed carrying exactly ``characters`` countable characters, spread over its parts."""
    title, footer, author = "t" * 50, "f" * 50, "a" * 50
    field_name, rest = "n" * 50, characters - 200
    value, description = "v" * min(rest, 1024), "d" * max(rest - 1024, 0)
    built = discord.Embed(title=title, description=description or None)
    built.add_field(name=field_name, value=value).set_footer(text=footer).set_author(name=author)
    return built.to_dict()


def buttons(count: int, prefix: str = "b") -> list[dict[str, Any]]:
    return [
        discord.ui.Button(label=f"{prefix}{n}", custom_id=f"{prefix}:{n}").to_component_dict()
        for n in range(count)
    ]


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def select(options: int, custom_id: str = "pick") -> dict[str, Any]:
    choices = [discord.SelectOption(label=f"option {n}") for n in range(options)]
    return discord.ui.Select(custom_id=custom_id, options=choices).to_component_dict()


def only_error(tree: dict[str, Any] | None, *path: str) -> dict[str, str]:
    assert tree is not None, "expected a refusal"
    node: Any = tree
    for key in path:
        assert key in node, f"no errors at {'.'.join(path)}: {tree}"
        node = node[key]
    [error] = node["_errors"]
    return dict(error)


class GigModal(discord.ui.Modal, title="Post a gig"):
    headline = discord.ui.TextInput(label="Headline", max_length=100)
    details = discord.ui.Label(
        text="Details",
        component=discord.ui.TextInput(style=discord.TextStyle.paragraph, placeholder="Scope"),
    )
    skill = discord.ui.Label(
        text="Main skill",
        component=discord.ui.Select(options=[discord.SelectOption(label="Design")]),
    )


def view_body() -> dict[str, Any]:
    view = discord.ui.View(timeout=None)
    for n in range(5):
        view.add_item(discord.ui.Button(label=f"Page {n}", custom_id=f"page:{n}"))
    view.add_item(discord.ui.Button(label="Open", url="https://example.com", row=1))
    view.add_item(
        discord.ui.Select(custom_id="skill", options=[discord.SelectOption(label="Design")], row=2)
    )
    return {
        "content": "c" * 2000,
        "embeds": [embed(3000), embed(3000)],
        "components": view.to_components(),
    }


def test_what_discord_py_builds_within_the_limits_passes():
    assert check_message_rules(view_body()) is None
    assert check_message_rules({"type": 4, "data": view_body()}) is None
    assert check_message_rules({"type": 7, "data": view_body()}) is None
    assert check_message_rules({"type": 5, "data": {"flags": 64}}) is None
    assert check_message_rules({"type": 9, "data": GigModal().to_dict()}) is None
    choices = [app_commands.Choice(name="n" * 100, value="v" * 100).to_dict()] * 25
    assert check_message_rules({"type": 8, "data": {"choices": choices}}) is None


def test_content_over_2000_characters_is_refused():
    errors = check_message_rules({"content": "c" * 2001})

    assert errors == {
        "content": {
            "_errors": [
                {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}
            ]
        }
    }


def test_more_than_6000_characters_across_embeds_is_refused():
    assert check_message_rules({"embeds": [embed(3000), embed(3000)]}) is None

    errors = check_message_rules({"embeds": [embed(3500), embed(3500)]})

    assert only_error(errors, "embeds") == {
        "code": "MAX_EMBED_SIZE_EXCEEDED",
        "message": "Embed size exceeds maximum size of 6000",
    }


def test_whitespace_around_embed_texts_does_not_count_towards_the_total():
    padded = embed(3000) | {"title": "  " + "t" * 50 + "\n\n"}

    assert check_message_rules({"embeds": [padded, embed(3000)]}) is None


def test_the_embed_total_also_applies_inside_interaction_responses():
    errors = check_message_rules({"type": 4, "data": {"embeds": [embed(3500), embed(3500)]}})

    assert only_error(errors, "data", "embeds")["code"] == "MAX_EMBED_SIZE_EXCEEDED"


def test_more_than_ten_embeds_is_refused():
    errors = check_message_rules({"embeds": [embed(200)] * 11})

    assert only_error(errors, "embeds")["message"] == "Must be 10 or fewer in length."


def test_an_embed_footer_or_author_needs_its_text():
    errors = check_message_rules({"embeds": [{"footer": {"icon_url": "https://x.y/i.png"}}]})

    assert only_error(errors, "embeds", "0", "footer", "text")["code"] == "BASE_TYPE_REQUIRED"


def test_mentions_cannot_be_both_parsed_and_listed():
    listed = discord.AllowedMentions(users=[discord.Object(id=5)]).to_dict()
    assert check_message_rules({"content": "hi", "allowed_mentions": listed}) is None

    errors = check_message_rules({"allowed_mentions": {"parse": ["users"], "users": ["5"]}})

    assert only_error(errors, "allowed_mentions") == {
        "code": "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        "message": 'parse:["users"] and users: [ids...] are mutually exclusive.',
    }


def test_a_sixth_button_in_a_row_exceeds_the_row_width():
    errors = check_message_rules({"components": [row(*buttons(6))]})

    assert errors == {
        "components": {
            "0": {
                "components": {
                    "5": {
                        "_errors": [
                            {
                                "code": "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                                "message": "The specified component exceeds the maximum width",
                            }
                        ]
                    }
                }
            }
        }
    }


def test_a_select_shares_its_row_with_nothing():
    errors = check_message_rules({"components": [row(select(2), *buttons(1))]})

    assert only_error(errors, "components", "0", "components", "1")["code"] == (
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED"
    )


def test_a_message_holds_at_most_five_action_rows_unless_it_uses_components_v2():
    rows = [row(*buttons(1, prefix=f"r{n}")) for n in range(6)]

    errors = check_message_rules({"components": rows})

    assert only_error(errors, "components")["message"] == "Must be 5 or fewer in length."
    assert check_message_rules({"components": rows, "flags": 1 << 15}) is None


def test_a_101_character_custom_id_is_refused():
    button = discord.ui.Button(label="Apply", custom_id="x" * 101).to_component_dict()

    errors = check_message_rules({"components": [row(button)]})

    assert only_error(errors, "components", "0", "components", "0", "custom_id") == {
        "code": "BASE_TYPE_BAD_LENGTH",
        "message": "Must be between 1 and 100 in length.",
    }


def test_custom_ids_are_unique_across_the_whole_message():
    first, second = row(*buttons(2, prefix="a")), row(*buttons(1, prefix="a"))

    errors = check_message_rules({"components": [first, second]})

    assert only_error(errors, "components", "1", "components", "0", "custom_id") == {
        "code": "COMPONENT_CUSTOM_ID_DUPLICATED",
        "message": "Component custom id cannot be duplicated",
    }


def test_an_81_character_button_label_is_refused():
    button = discord.ui.Button(label="l" * 81, custom_id="apply").to_component_dict()

    errors = check_message_rules({"components": [row(button)]})

    assert only_error(errors, "components", "0", "components", "0", "label")["message"] == (
        "Must be 80 or fewer in length."
    )


def test_buttons_carry_a_custom_id_or_a_url_as_their_style_requires():
    plain = {"type": 2, "style": 1, "label": "Apply"}
    link_without_url = {"type": 2, "style": 5, "label": "Open"}
    link_with_custom_id = {
        "type": 2,
        "style": 5,
        "label": "Open",
        "url": "https://x.y",
        "custom_id": "o",
    }

    errors = check_message_rules(
        {"components": [row(plain), row(link_without_url), row(link_with_custom_id)]}
    )

    assert only_error(errors, "components", "0", "components", "0", "custom_id") == {
        "code": "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED",
        "message": "A custom id is required",
    }
    assert only_error(errors, "components", "1", "components", "0", "url")["code"] == (
        "BASE_TYPE_REQUIRED"
    )
    assert only_error(errors, "components", "2", "components", "0", "custom_id")["code"] == (
        "BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE"
    )


def test_a_select_offers_at_most_25_distinct_options():
    errors = check_message_rules({"components": [row(select(26))]})

    assert only_error(errors, "components", "0", "components", "0", "options")["message"] == (
        "Must be between 1 and 25 in length."
    )

    repeated = select(2)
    repeated["options"][1]["value"] = repeated["options"][0]["value"]
    errors = check_message_rules({"components": [row(repeated)]})
    assert only_error(errors, "components", "0", "components", "0", "options", "1")["code"] == (
        "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED"
    )


def modal(**changes: Any) -> dict[str, Any]:
    return {"type": 9, "data": GigModal().to_dict() | changes}


def test_a_46_character_modal_title_is_refused():
    errors = check_message_rules(modal(title="t" * 46))

    assert only_error(errors, "data", "title") == {
        "code": "BASE_TYPE_BAD_LENGTH",
        "message": "Must be between 1 and 45 in length.",
    }


def test_a_modal_has_one_to_five_components():
    components = GigModal().to_dict()["components"]

    assert only_error(check_message_rules(modal(components=[])), "data", "components")[
        "message"
    ] == ("Must be between 1 and 5 in length.")
    six = [{"type": 10, "content": f"line {n}"} for n in range(6)]
    assert check_message_rules(modal(components=six)) is not None
    assert check_message_rules(modal(components=components[:1])) is None


def test_modal_text_inputs_keep_within_their_documented_limits():
    data = GigModal().to_dict()
    legacy_input = data["components"][0]["components"][0]
    legacy_input["label"] = "l" * 46
    label_input = data["components"][1]["component"]
    label_input["placeholder"] = "p" * 101
    label_input["max_length"] = 4001
    label_input["min_length"] = -1

    errors = check_message_rules({"type": 9, "data": data})

    in_row = ("data", "components", "0", "components", "0")
    in_label = ("data", "components", "1", "component")
    assert only_error(errors, *in_row, "label")["message"] == "Must be between 1 and 45 in length."
    assert (
        only_error(errors, *in_label, "placeholder")["message"] == "Must be 100 or fewer in length."
    )
    assert only_error(errors, *in_label, "max_length")["code"] == "NUMBER_TYPE_MAX"
    assert only_error(errors, *in_label, "min_length")["code"] == "NUMBER_TYPE_MIN"


def test_a_text_input_in_an_action_row_needs_its_own_label_but_not_inside_a_label():
    data = GigModal().to_dict()
    assert data["components"][1]["component"]["label"] is None  # as discord.py sends it
    del data["components"][0]["components"][0]["label"]

    errors = check_message_rules({"type": 9, "data": data})

    path = ("data", "components", "0", "components", "0", "label")
    assert only_error(errors, *path)["code"] == "BASE_TYPE_REQUIRED"
    assert set(errors["data"]["components"]) == {"0"}


def test_a_label_text_is_at_most_45_characters_and_its_description_100():
    data = GigModal().to_dict()
    data["components"][1]["label"] = "l" * 46
    data["components"][1]["description"] = "d" * 101

    errors = check_message_rules({"type": 9, "data": data})

    assert only_error(errors, "data", "components", "1", "label")["code"] == "BASE_TYPE_BAD_LENGTH"
    assert only_error(errors, "data", "components", "1", "description")["code"] == (
        "BASE_TYPE_MAX_LENGTH"
    )


def autocomplete(*choices: app_commands.Choice[Any]) -> dict[str, Any]:
    return {"type": 8, "data": {"choices": [choice.to_dict() for choice in choices]}}


def test_26_autocomplete_choices_are_refused():
    body = autocomplete(*(app_commands.Choice(name=f"s{n}", value=f"s{n}") for n in range(26)))

    assert only_error(check_message_rules(body), "data", "choices") == {
        "code": "BASE_TYPE_MAX_LENGTH",
        "message": "Must be 25 or fewer in length.",
    }


def test_autocomplete_choice_names_and_string_values_have_limits():
    body = autocomplete(
        app_commands.Choice(name="n" * 101, value="ok"),
        app_commands.Choice(name="", value="ok"),
        app_commands.Choice(name="long value", value="v" * 101),
        app_commands.Choice(name="a number", value=10**12),
    )

    errors = check_message_rules(body)

    choices = ("data", "choices")
    assert only_error(errors, *choices, "0", "name")["message"] == (
        "Must be between 1 and 100 in length."
    )
    assert only_error(errors, *choices, "1", "name")["code"] == "BASE_TYPE_BAD_LENGTH"
    assert (
        only_error(errors, *choices, "2", "value")["message"] == "Must be 100 or fewer in length."
    )
    assert set(errors["data"]["choices"]) == {"0", "1", "2"}


def test_invalid_form_body_wraps_the_errors_like_discord():
    errors = check_message_rules({"content": "c" * 2001})
    assert errors is not None

    assert invalid_form_body(errors) == {
        "code": 50035,
        "message": "Invalid Form Body",
        "errors": errors,
    }


def test_a_new_message_must_show_something():
    assert is_empty_message({"content": "", "embeds": [], "tts": False})
    assert not is_empty_message({"content": "", "embeds": []}, has_files=True)
    assert not is_empty_message({"embeds": [embed(300)]})
