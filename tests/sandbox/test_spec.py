"""The sandbox answers 400 where Discord would: request bodies checked against Discord's OpenAPI.

Valid bodies are built the way the bot builds them, with discord.py's own objects.
"""

import copy
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from bot.sandbox.spec import DEFAULT_SPEC_PATH, SPEC_PATH_ENV, ApiSpec


@pytest.fixture(scope="module")
def spec() -> ApiSpec:
    loaded = ApiSpec.load()
    assert loaded is not None, "Discord's OpenAPI description belongs at ../shared/discord-api-spec"
    return loaded


def gig_embed(**overrides: Any) -> discord.Embed:
    embed = discord.Embed(
        title=overrides.get("title", "Logo design for a coffee roastery"),
        description="Three concepts, two rounds of changes.",
        colour=0x2F6FED,
        url="https://example.com/gigs/12",
        timestamp=discord.utils.utcnow(),
    )
    embed.add_field(name="Budget", value="IDR 1.500.000").add_field(name="Skills", value="Design")
    embed.set_footer(text="Gig #12").set_author(name="Ayu")
    return embed


def gig_view() -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Apply", custom_id="gig:apply:12"))
    view.add_item(discord.ui.Button(label="Details", url="https://example.com/gigs/12"))
    view.add_item(
        discord.ui.Select(
            custom_id="gig:skill:12",
            options=[discord.SelectOption(label="Design"), discord.SelectOption(label="Code")],
        )
    )
    return view


def message_body(**fields: Any) -> dict[str, Any]:
    """A channel message as discord.py sends it: content, embeds, components, mentions, reply."""
    body: dict[str, Any] = {
        "content": "A new gig is up",
        "embeds": [gig_embed().to_dict()],
        "components": gig_view().to_components(),
        "allowed_mentions": discord.AllowedMentions.none().to_dict(),
        "tts": False,
        "message_reference": {"message_id": 1234567890, "channel_id": 42, "guild_id": 7},
    }
    body.update(fields)
    return body


class GigModal(discord.ui.Modal, title="Post a gig"):
    # The deprecated form (a labelled text input wrapped in an action row) and the label form.
    headline = discord.ui.TextInput(label="Headline", max_length=100)
    details = discord.ui.Label(
        text="Details",
        description="What, by when, for how much",
        component=discord.ui.TextInput(style=discord.TextStyle.paragraph, min_length=20),
    )


def errors_at(tree: dict[str, Any] | None, *path: str) -> list[dict[str, str]]:
    node: Any = tree
    for key in path:
        assert isinstance(node, dict) and key in node, f"no errors at {'.'.join(path)}: {tree}"
        node = node[key]
    errors: list[dict[str, str]] = node["_errors"]
    return errors


def test_a_message_as_discord_py_builds_it_is_valid(spec):
    assert spec.check_request("POST", "/channels/123/messages", message_body()) is None


def test_a_257_character_embed_title_is_refused_where_discord_refuses_it(spec):
    body = message_body(embeds=[gig_embed(title="t" * 257).to_dict()])

    errors = spec.check_request("POST", "/channels/123/messages", body)

    assert errors == {
        "embeds": {
            "0": {
                "title": {
                    "_errors": [
                        {
                            "code": "BASE_TYPE_MAX_LENGTH",
                            "message": "Must be 256 or fewer in length.",
                        }
                    ]
                }
            }
        }
    }


def test_the_same_limit_holds_inside_an_interaction_response(spec):
    body = {"type": 4, "data": message_body(embeds=[gig_embed(title="t" * 257).to_dict()])}

    errors = spec.check_request("POST", "/interactions/1/token/callback", body)

    assert errors_at(errors, "data", "embeds", "0", "title")[0]["code"] == "BASE_TYPE_MAX_LENGTH"


def test_edits_and_follow_ups_are_checked_on_their_webhook_routes(spec):
    too_long = message_body(embeds=[gig_embed(title="t" * 257).to_dict()])
    del too_long["message_reference"]

    for method, path in [
        ("PATCH", "/webhooks/1/token/messages/@original"),
        ("POST", "/webhooks/1/token?wait=true"),
        ("PATCH", "/webhooks/1/token/messages/99"),
        ("PATCH", "/channels/5/messages/99"),
    ]:
        assert spec.knows(method, path)
        assert spec.check_request(method, path, too_long) is not None, path
        assert spec.check_request(method, path, {"content": "fine"}) is None, path


def test_integer_ids_as_discord_py_sends_them_are_accepted_but_not_words(spec):
    mentions = discord.AllowedMentions(users=[discord.Object(id=55)]).to_dict()
    assert mentions["users"] == [55]
    assert (
        spec.check_request("POST", "/channels/1/messages", message_body(allowed_mentions=mentions))
        is None
    )

    body = message_body(message_reference={"message_id": "not-an-id"})
    errors = spec.check_request("POST", "/channels/1/messages", body)
    assert errors_at(errors, "message_reference", "message_id") == [
        {"code": "NUMBER_TYPE_COERCE", "message": 'Value "not-an-id" is not snowflake.'}
    ]


def test_permission_bitfields_are_taken_as_the_strings_discord_py_sends(spec):
    # discord.py's edit_channel_permissions and create_role send decimal strings, as Discord
    # documents them; the spec types them as integers.
    overwrite = {"id": 2, "allow": str(discord.Permissions(view_channel=True).value), "deny": "0"}
    assert spec.check_request("PUT", "/channels/1/permissions/2", overwrite | {"type": 0}) is None
    assert (
        spec.check_request("POST", "/guilds/1/roles", {"name": "Mentor", "permissions": "0"})
        is None
    )

    errors = spec.check_request("PUT", "/channels/1/permissions/2", {"allow": "view", "type": 0})

    assert "allow" in errors


def test_a_modal_as_discord_py_sends_it_is_valid_in_both_of_its_forms(spec):
    body = {"type": 9, "data": GigModal().to_dict()}
    kinds = [component["type"] for component in body["data"]["components"]]
    assert kinds == [1, 18]  # an action row and a label

    assert spec.check_request("POST", "/interactions/1/token/callback", body) is None


def test_a_46_character_modal_title_is_refused(spec):
    data = GigModal().to_dict() | {"title": "t" * 46}

    errors = spec.check_request("POST", "/interactions/1/token/callback", {"type": 9, "data": data})

    assert errors == {
        "data": {
            "title": {
                "_errors": [
                    {
                        "code": "BASE_TYPE_BAD_LENGTH",
                        "message": "Must be between 1 and 45 in length.",
                    }
                ]
            }
        }
    }


def test_26_autocomplete_choices_are_refused(spec):
    choices = [app_commands.Choice(name=f"skill {n}", value=f"s{n}").to_dict() for n in range(26)]
    body = {"type": 8, "data": {"choices": choices}}

    errors = spec.check_request("POST", "/interactions/1/token/callback", body)

    assert errors == {
        "data": {
            "choices": {
                "_errors": [
                    {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}
                ]
            }
        }
    }
    body["data"]["choices"] = choices[:25]
    assert spec.check_request("POST", "/interactions/1/token/callback", body) is None


def test_a_component_error_points_at_the_component_not_at_the_union(spec):
    row = gig_view().to_components()[0]
    del row["components"][0]["style"]

    errors = spec.check_request("POST", "/channels/1/messages", message_body(components=[row]))

    assert errors_at(errors, "components", "0", "components", "0", "style") == [
        {"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}
    ]
    assert set(errors["components"]["0"]["components"]) == {"0"}


def test_a_sixth_button_in_a_row_is_refused(spec):
    row = {
        "type": 1,
        "components": [
            discord.ui.Button(label=str(n), custom_id=f"b{n}").to_component_dict() for n in range(6)
        ],
    }

    errors = spec.check_request("POST", "/channels/1/messages", message_body(components=[row]))

    assert errors_at(errors, "components", "0", "components") == [
        {"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 5 in length."}
    ]


def test_an_unknown_component_type_names_the_types_discord_takes(spec):
    body = message_body(components=[{"type": 99, "components": []}])

    errors = spec.check_request("POST", "/channels/1/messages", body)

    [error] = errors_at(errors, "components", "0", "type")
    assert error["code"] == "UNION_TYPE_CHOICES"
    assert "1" in error["message"]


def test_an_unknown_callback_type_is_refused(spec):
    errors = spec.check_request("POST", "/interactions/1/token/callback", {"type": 3})

    assert errors_at(errors, "type")[0]["code"] == "UNION_TYPE_CHOICES"


def test_a_value_no_union_member_takes_is_named_by_its_kind(spec):
    body = {"type": 8, "data": "choices"}

    errors = spec.check_request("POST", "/interactions/1/token/callback", body)

    assert errors == {
        "data": {
            "_errors": [
                {
                    "code": "MODEL_TYPE_CONVERT",
                    "message": "Only dictionaries may be used in a ModelType",
                }
            ]
        }
    }


def test_wrong_json_types_get_discords_codes(spec):
    body = {"content": 5, "embeds": {"title": "x"}, "tts": "yes", "flags": "many"}

    errors = spec.check_request("POST", "/channels/1/messages", body)

    assert errors_at(errors, "content")[0]["code"] == "STRING_TYPE_CONVERT"
    assert errors_at(errors, "embeds")[0]["code"] == "LIST_TYPE_CONVERT"
    assert errors_at(errors, "tts")[0]["code"] == "BASE_TYPE_BOOLEAN"
    assert errors_at(errors, "flags") == [
        {"code": "NUMBER_TYPE_COERCE", "message": 'Value "many" is not int.'}
    ]


def test_the_embed_colour_range_is_enforced(spec):
    embed = gig_embed().to_dict() | {"color": 0x1000000}

    errors = spec.check_request("POST", "/channels/1/messages", message_body(embeds=[embed]))

    assert errors_at(errors, "embeds", "0", "color") == [
        {
            "code": "NUMBER_TYPE_MAX",
            "message": "int value should be less than or equal to 16777215.",
        }
    ]


def command_tree() -> app_commands.CommandTree:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(name="gig", description="Post a gig")
    @app_commands.describe(title="What you need done")
    @app_commands.choices(kind=[app_commands.Choice(name="Design", value="design")])
    async def gig(
        interaction: discord.Interaction,
        title: str,
        budget: app_commands.Range[int, 0, 100_000_000],
        kind: str,
        contact: discord.Member | None = None,
    ) -> None: ...

    skills = app_commands.Group(name="skills", description="Your skills", guild_only=True)

    @skills.command(name="add", description="Add a skill to your profile")
    async def add(interaction: discord.Interaction, skill: str) -> None: ...

    @add.autocomplete("skill")
    async def suggest(interaction: discord.Interaction, current: str) -> list[Any]:
        return []

    tree.add_command(skills)

    @tree.context_menu(name="Introduce")
    async def introduce(interaction: discord.Interaction, member: discord.Member) -> None: ...

    return tree


def test_command_registration_as_discord_py_syncs_it_is_valid(spec):
    tree = command_tree()
    body = [command.to_dict(tree) for command in tree.get_commands()]

    assert spec.check_request("PUT", "/applications/1/commands", body) is None
    assert spec.check_request("PUT", "/applications/1/guilds/2/commands", body) is None


def test_a_command_description_over_100_characters_is_refused(spec):
    tree = command_tree()
    body = [command.to_dict(tree) for command in tree.get_commands()]
    body[0]["description"] = "d" * 101

    errors = spec.check_request("PUT", "/applications/1/commands", body)

    assert errors_at(errors, "0", "description") == [
        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 100 or fewer in length."}
    ]


def test_multipart_only_routes_are_checked_without_their_file_part(spec):
    assert spec.check_request("POST", "/guilds/1/stickers", {"name": "gig", "tags": "x"}) is None

    errors = spec.check_request("POST", "/guilds/1/stickers", {"tags": "x"})

    assert errors == {
        "name": {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}
    }


def test_routes_the_spec_does_not_describe_are_let_through(spec):
    assert not spec.knows("POST", "/channels/1/nothing-here")
    assert spec.check_request("POST", "/channels/1/nothing-here", {"x": 1}) is None
    assert not spec.knows("DELETE", "/interactions/1/token/callback")
    assert spec.knows("POST", "/interactions/1/token/callback?with_response=true")


def test_literal_path_segments_win_over_parameters(spec):
    # @original must not be read as a message id: the two templates differ only there.
    assert spec.knows("GET", "/webhooks/1/token/messages/@original")
    assert spec.knows("GET", "/users/@me")
    assert spec.check_response("GET", "/users/@me", 200, {"id": "1"}) != []


def user(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "80351110224678912",
        "username": "ayu",
        "discriminator": "0",
        "global_name": "Ayu",
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "bot": False,
        "primary_guild": None,
        **overrides,
    }


def message_response(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "1100000000000000001",
        "channel_id": "1100000000000000002",
        "type": 0,
        "content": "A new gig is up",
        "author": user(id="1100000000000000003", username="mozaik", bot=True),
        "timestamp": "2026-07-20T10:00:00.000000+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "flags": 0,
        **overrides,
    }


def test_a_well_formed_message_object_fits_message_response(spec):
    assert spec.check_schema("MessageResponse", message_response()) == []


def test_a_message_object_with_an_integer_id_and_no_author_does_not(spec):
    broken = message_response(id=1100000000000000001)
    del broken["author"]

    problems = spec.check_schema("MessageResponse", broken)

    assert any(problem.startswith("id:") for problem in problems), problems
    assert any(problem.startswith("author:") for problem in problems), problems


def test_check_schema_refuses_to_guess_an_unknown_schema_name(spec):
    with pytest.raises(KeyError, match="MessageResponce"):
        spec.check_schema("MessageResponce", {})


def test_responses_are_checked_against_the_documented_status(spec):
    me = user(id="1100000000000000003", username="mozaik", bot=True, mfa_enabled=True, locale="id")
    assert spec.check_response("GET", "/users/@me", 200, me) == []
    assert spec.check_response("GET", "/users/@me", 200, {**me, "id": 3}) != []
    error = {"code": 50035, "message": "Invalid Form Body", "errors": {}}
    assert spec.check_response("POST", "/channels/1/messages", 400, error) == []
    assert spec.check_response("GET", "/users/@me", 302, None) != []
    assert spec.check_response("DELETE", "/channels/1/messages/2", 204, None) == []


def test_a_missing_spec_file_is_reported_once_and_checks_are_skipped(tmp_path, caplog):
    missing = tmp_path / "openapi.json"

    with caplog.at_level(logging.WARNING, logger="bot.sandbox.spec"):
        first = ApiSpec.load(missing)
        second = ApiSpec.load(missing)

    assert first is None and second is None
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(missing) in warnings[0].getMessage()
    assert "discord-api-spec" in warnings[0].getMessage()


def test_the_spec_path_can_come_from_the_environment(tmp_path, monkeypatch, caplog):
    elsewhere = tmp_path / "elsewhere.json"
    monkeypatch.setenv(SPEC_PATH_ENV, str(elsewhere))

    with caplog.at_level(logging.WARNING, logger="bot.sandbox.spec"):
        assert ApiSpec.load() is None

    assert str(elsewhere) in caplog.text


def test_the_spec_is_parsed_once_per_path(spec):
    assert ApiSpec.load() is spec
    assert ApiSpec.load(Path(__file__).parents[3] / "shared/discord-api-spec/openapi.json") is spec


# --- the compiled checks say exactly what the spec as written says ---------------------------


@pytest.fixture(scope="module")
def spec_as_written() -> Callable[[str], Draft202012Validator]:
    """Plain jsonschema over the untouched spec file, $refs resolved the standard way."""
    document = json.loads(DEFAULT_SPEC_PATH.read_text(encoding="utf-8"))
    # The deliberate difference these routes meet: integer ids (permission bitfields, the
    # other one, occur in none of them).
    document["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [
            document["components"]["schemas"]["SnowflakeType"],
            {"type": "integer", "minimum": 0},
        ]
    }
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:discord", resource)

    def validator(pointer: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"urn:discord#{pointer}"}, registry=registry)

    return validator


def _json_pointer(template: str, method: str) -> str:
    escaped = template.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method}/requestBody/content/application~1json/schema"


def _sample_requests() -> list[tuple[str, str, str, Any]]:
    tree = command_tree()
    choices = [app_commands.Choice(name=f"s{n}", value=n).to_dict() for n in range(3)]
    callback = "/interactions/{interaction_id}/{interaction_token}/callback"
    return [
        ("POST", "/channels/1/messages", "/channels/{channel_id}/messages", message_body()),
        ("POST", "/interactions/1/t/callback", callback, {"type": 4, "data": message_body()}),
        ("POST", "/interactions/1/t/callback", callback, {"type": 9, "data": GigModal().to_dict()}),
        ("POST", "/interactions/1/t/callback", callback, {"type": 8, "data": {"choices": choices}}),
        (
            "PUT",
            "/applications/1/commands",
            "/applications/{application_id}/commands",
            [command.to_dict(tree) for command in tree.get_commands()],
        ),
    ]


SAMPLE_REQUESTS = _sample_requests()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=2**64)
    | st.sampled_from(["", "123", "x" * 46, "x" * 101, "x" * 257, "https://example.com"])
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["type", "style", "custom_id", "label", "components", "name", "value"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)


def _places(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _places(child, (*at, key))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_body_passes_exactly_when_the_spec_as_written_accepts_it(spec, spec_as_written, data):
    method, path, template, sample = data.draw(st.sampled_from(SAMPLE_REQUESTS))
    body = copy.deepcopy(sample)
    place = data.draw(st.sampled_from(list(_places(body))[1:]))
    parent: Any = body
    for key in place[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[place[-1]]
    else:
        parent[place[-1]] = data.draw(json_values)

    errors = spec.check_request(method, path, body)

    accepted = spec_as_written(_json_pointer(template, method.lower())).is_valid(body)
    assert (errors is None) == accepted, errors
