"""Discord's OpenAPI description rewritten once on load: as Discord reads requests, with its
$refs inlined and its unions dispatched on ``type``, so that checks are fast and their errors exact.

Every rewrite keeps the meaning of a schema, except `as_discord_reads_requests`, which widens
it to what Discord takes beyond the spec's letter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

_SNOWFLAKE_PATTERN: Final = "^(0|[1-9][0-9]*)$"


def as_discord_reads_requests(document: dict[str, Any]) -> dict[str, Any]:
    """Widen three types where Discord takes, and discord.py sends, more than the spec says.

    - Snowflakes: the spec has strings only (what Discord answers with); Discord also takes
      integers, which discord.py sends in allowed_mentions, message_reference, attachment ids.
    - Permission bitfields (``allow``, ``deny``, ``permissions``): the spec has integers; Discord
      documents them as strings, and discord.py sends strings for overwrites and roles.
    - Channel types: the spec's enum stops at GUILD_FORUM (15); Discord's channel documentation
      has GUILD_MEDIA (16), which discord.py lists in the channel_types of a forum option.
    """
    schemas = document["components"]["schemas"]
    schemas["ChannelTypes"]["enum"].append(16)  # a plain enum once unions are dispatched
    schemas["SnowflakeType"] = {
        "anyOf": [
            {"type": "string", "pattern": _SNOWFLAKE_PATTERN, "format": "snowflake"},
            {"type": "integer", "minimum": 0},
        ]
    }
    bodies = [
        operation["requestBody"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
    ]
    for node in _objects(
        [schema for name, schema in schemas.items() if not name.endswith("Response")] + bodies
    ):
        properties = node.get("properties")
        if not isinstance(properties, dict):
            continue
        for name in _PERMISSION_FIELDS & properties.keys():
            kind = properties[name].get("type")
            if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
                properties[name] = {"anyOf": [properties[name], _DECIMAL_STRING]}
    return document


_PERMISSION_FIELDS: Final = frozenset({"allow", "deny", "permissions"})
_DECIMAL_STRING: Final = {"type": "string", "pattern": "^[0-9]+$"}


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def inline_schema_refs(document: dict[str, Any]) -> None:
    """Replace every ``#/components/schemas/...`` $ref by the schema object itself.

    Resolving a $ref costs more than the check it leads to; with the objects shared in place
    (recursive components become cyclic dicts, which validation only follows as deep as the body
    goes) a request check is a plain walk.
    """
    schemas = document["components"]["schemas"]
    prefix = "#/components/schemas/"
    seen: set[int] = set()

    def target(reference: Any) -> Any:
        if isinstance(reference, str) and reference.startswith(prefix):
            return schemas[reference.removeprefix(prefix)]
        return None

    def inline(node: Any) -> Any:
        """``node`` with its schema refs inlined; a bare $ref becomes its target."""
        if isinstance(node, dict):
            found = target(node.get("$ref"))
            if found is not None and len(node) == 1:
                visit(found)
                return found
            if found is not None:
                del node["$ref"]
                node.setdefault("allOf", []).append(found)
        visit(node)
        return node

    def visit(node: Any) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                node[key] = inline(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                node[index] = inline(value)

    for name in list(schemas):
        schemas[name] = inline(schemas[name])
    visit(document["paths"])
    visit(document["components"].get("responses", {}))
    _drop_redundant_checks(document)


# Keywords that pass a null instance untouched: a schema made only of these accepts null once
# "null" joins its "type".
_NULL_BLIND: Final = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "prefixItems",
        "maxItems", "minItems", "uniqueItems", "maxLength", "minLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxProperties",
        "minProperties", "contentEncoding", "title", "description",
    }
)  # fmt: skip
_ENUM_ONLY: Final = frozenset({"type", "enum", "format", "title", "description"})


def _drop_redundant_checks(document: dict[str, Any]) -> None:
    """Fold the spec's nullable unions and repeated enums into single checks of the same meaning.

    ``oneOf: [{type: null}, X]`` validates X and null separately, building an error for the arm
    that fails; when X only constrains non-null values, X with "null" added to its type says the
    same in one step. ``{enum: [2], allOf: [MessageComponentTypes]}`` checks a subset twice.
    """
    seen: set[int] = set()

    def visit(node: Any) -> None:
        if id(node) in seen or not isinstance(node, dict | list):
            return
        seen.add(id(node))
        for child in node.values() if isinstance(node, dict) else node:
            visit(child)
        if isinstance(node, dict):
            _fold_nullable(node)
            _drop_repeated_enum(node)

    visit(document)


def _fold_nullable(node: dict[str, Any]) -> None:
    for keyword in ("oneOf", "anyOf"):
        branches = node.get(keyword)
        if not isinstance(branches, list) or len(branches) != 2 or {"type": "null"} not in branches:
            continue
        other = branches[1] if branches[0] == {"type": "null"} else branches[0]
        if not isinstance(other, dict) or "type" not in other or not set(other) <= _NULL_BLIND:
            continue
        if set(other) & (set(node) - {keyword}):
            continue
        kinds = [other["type"]] if isinstance(other["type"], str) else list(other["type"])
        del node[keyword]
        node.update(other)
        node["type"] = [*kinds, "null"] if "null" not in kinds else kinds


def _drop_repeated_enum(node: dict[str, Any]) -> None:
    members = node.get("allOf")
    if not isinstance(node.get("enum"), list) or not isinstance(members, list) or len(members) != 1:
        return
    member = members[0]
    if (
        isinstance(member, dict)
        and set(member) <= _ENUM_ONLY
        and isinstance(member.get("enum"), list)
        and member.get("type") == node.get("type")
        and all(value in member["enum"] for value in node["enum"])
    ):
        del node["allOf"]


def dispatch_unions_on_type(document: dict[str, Any]) -> None:
    """Turn component unions into a switch on their ``type`` field.

    The spec lists message components, modal components and interaction callbacks as oneOf/anyOf
    unions whose members each require a distinct ``type``. Validated as written, every member is
    tried and a failure says only "not valid under any of the given schemas". Dispatching on
    ``type`` first (as Discord does) validates one member and reports its precise errors; a body
    with no known ``type`` still falls through to the original union.
    """
    schemas = document["components"]["schemas"]

    def discriminators(branch: Any) -> list[Any] | None:
        if not isinstance(branch, dict) or set(branch) != {"$ref"}:
            return None
        name = str(branch["$ref"]).removeprefix("#/components/schemas/")
        target = schemas.get(name)
        if not isinstance(target, dict) or "type" not in target.get("required", ()):
            return None
        kind = target.get("properties", {}).get("type", {})
        values = kind.get("enum", [kind["const"]] if "const" in kind else None)
        return list(values) if values else None

    def rewrite(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                rewrite(item)
            return
        if not isinstance(node, dict):
            return
        for value in node.values():
            rewrite(value)
        for keyword in ("oneOf", "anyOf"):
            branches = node.get(keyword)
            if not isinstance(branches, list) or len(branches) < 2:
                continue
            if "enum" not in node and all(_named_constant(branch) for branch in branches):
                # Enumerations are written as one titled const per value; an enum is the
                # same set of values checked in one step, and fails with the list of choices.
                node["enum"] = [branch["const"] for branch in branches]
                del node[keyword]
                continue
            keys = [discriminators(branch) for branch in branches]
            flat = [value for values in keys if values for value in values]
            if any(values is None for values in keys) or len(flat) != len(set(flat)):
                continue
            switch: dict[str, Any] = {keyword: branches}
            for branch, values in reversed(list(zip(branches, keys, strict=True))):
                switch = {
                    "if": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {"type": {"enum": values}},
                    },
                    "then": branch,
                    "else": switch,
                }
            del node[keyword]
            node.setdefault("allOf", []).append(switch)

    rewrite(document)


def _named_constant(branch: Any) -> bool:
    return isinstance(branch, dict) and "const" in branch and set(branch) <= _CONSTANT_KEYS


_CONSTANT_KEYS: Final = frozenset({"const", "title", "description"})
