"""Discord's OpenAPI description as a request and response checker for the sandbox.

The sandbox answers the bot with a 400 exactly where Discord would, so every REST body the bot
sends is checked against the request schema of its route, and the sandbox's own answers are
checked against the response schemas so that the bot is never fed something Discord would not say.

Schema failures are reported in the shape of Discord's 50035 "Invalid Form Body" errors tree:
``{"embeds": {"0": {"title": {"_errors": [{"code": ..., "message": ...}]}}}}``.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

log = logging.getLogger(__name__)

SPEC_PATH_ENV: Final = "DISCORD_OPENAPI_SPEC"
_REPOSITORY_ROOT: Final = Path(__file__).resolve().parents[2]
DEFAULT_SPEC_PATH: Final = _REPOSITORY_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
SPEC_SOURCE: Final = (
    "https://github.com/discord/discord-api-spec (specs/openapi.json); "
    f"put it at {DEFAULT_SPEC_PATH} or point {SPEC_PATH_ENV} at it"
)

_SNOWFLAKE_PATTERN: Final = "^(0|[1-9][0-9]*)$"

ErrorsTree = dict[str, Any]
Route = tuple[str, str]  # (method, path template)


class ApiSpec:
    """Request and response checks compiled lazily from Discord's OpenAPI description."""

    def __init__(self, document: dict[str, Any]) -> None:
        _dispatch_unions_on_type(document)
        self._templates = _TemplateIndex(document["paths"])
        # Requests are checked with what Discord takes beyond the spec's letter (see
        # _as_discord_reads_requests); responses and check_schema keep the strict form.
        self._lenient = _Schemas(_as_discord_reads_requests(copy.deepcopy(document)))
        self._strict = _Schemas(document)
        self._document = document
        self._request_checks: dict[Route, _Check | None] = {}
        self._response_checks: dict[tuple[str, str, int], _Check | _Undocumented | None] = {}
        self._component_checks: dict[str, _Check] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> ApiSpec | None:
        """The spec at ``path`` (default: $DISCORD_OPENAPI_SPEC, else the shared copy).

        Parsed once per path and process. None, after one warning, when the file is absent.
        """
        if path is None:
            from_env = os.environ.get(SPEC_PATH_ENV)
            path = Path(from_env) if from_env else DEFAULT_SPEC_PATH
        return _load(path.resolve())

    def knows(self, method: str, path: str) -> bool:
        """Whether the spec describes ``method`` on ``path`` (a concrete path, ids filled in)."""
        route = self._route(method, path)
        return route is not None

    def check_request(self, method: str, path: str, body: Any) -> ErrorsTree | None:
        """Discord's 50035 errors tree for ``body``, or None when it is valid or the route unknown.

        For multipart requests pass the parsed ``payload_json`` object.
        """
        route = self._route(method, path)
        if route is None:
            return None
        check = self._request_check(route)
        if check is None:
            return None
        return errors_tree(check.errors({} if body is None else body)) or None

    def check_response(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """Readable problems with a response body; empty when it fits the documented schema."""
        route = self._route(method, path)
        if route is None:
            return []
        key = (*route, status)
        if key not in self._response_checks:
            self._response_checks[key] = self._response_check(route, status)
        check = self._response_checks[key]
        if isinstance(check, _Undocumented):
            return [f"{route[0].upper()} {route[1]} does not document status {status}"]
        if check is None:
            if body in (None, b"", ""):
                return []
            return [f"{route[0].upper()} {route[1]} answers {status} without a body"]
        return readable_errors(check.errors(body))

    def check_schema(self, schema_name: str, obj: Any) -> list[str]:
        """Readable problems with ``obj`` against ``components/schemas/<schema_name>``."""
        check = self._component_checks.get(schema_name)
        if check is None:
            if schema_name not in self._document["components"]["schemas"]:
                raise KeyError(f"the spec has no schema named {schema_name!r}")
            check = self._strict.check(self._document["components"]["schemas"][schema_name])
            self._component_checks[schema_name] = check
        return readable_errors(check.errors(obj))

    def _route(self, method: str, path: str) -> Route | None:
        method = method.lower()
        template = self._templates.match(path)
        if template is None or method not in self._document["paths"][template]:
            return None
        return method, template

    def _request_check(self, route: Route) -> _Check | None:
        if route not in self._request_checks:
            schema = _request_schema(self._lenient.document, route)
            self._request_checks[route] = None if schema is None else self._lenient.check(schema)
        return self._request_checks[route]

    def _response_check(self, route: Route, status: int) -> _Check | _Undocumented | None:
        method, template = route
        pointer = f"/paths/{_escape(template)}/{method}/responses"
        responses = self._document["paths"][template][method]["responses"]
        key = next(
            (key for key in (str(status), f"{str(status)[0]}XX", "default") if key in responses),
            None,
        )
        if key is None:
            return _UNDOCUMENTED
        pointer, response = _follow_refs(self._document, f"{pointer}/{key}", responses[key])
        if "schema" not in response.get("content", {}).get("application/json", {}):
            return None
        return self._strict.check(self._strict.at(f"{pointer}/content/application~1json/schema"))


class _Undocumented:
    """Marks a status the operation does not document."""


_UNDOCUMENTED: Final = _Undocumented()


@functools.cache
def _load(path: Path) -> ApiSpec | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning(
            "Discord's OpenAPI description is not at %s; requests go unchecked. Get it from %s",
            path,
            SPEC_SOURCE,
        )
        return None
    return ApiSpec(json.loads(text))


class _Schemas:
    """Validators over one self-contained copy of the OpenAPI document (its $refs inlined)."""

    def __init__(self, document: dict[str, Any]) -> None:
        _inline_schema_refs(document)
        self.document = document
        self.fast = _FastChecks()

    def at(self, pointer: str) -> Any:
        """The schema at a JSON pointer into the document."""
        node: Any = self.document
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def check(self, schema: Mapping[str, Any]) -> _Check:
        return _Check(self.fast.compile(schema), Draft202012Validator(schema))


@dataclass(frozen=True, slots=True)
class _Check:
    """A quick yes for instances that fit, and jsonschema for saying exactly why one does not."""

    fits: Callable[[Any], bool]
    validator: Draft202012Validator

    def errors(self, instance: Any) -> Iterator[ValidationError]:
        if self.fits(instance):
            return iter(())
        errors: Iterator[ValidationError] = self.validator.iter_errors(instance)
        return errors


class _FastChecks:
    """Schemas compiled to plain Python predicates: is this instance valid, yes or no.

    jsonschema spends most of a check building validator objects for every subschema it
    descends into; the sandbox checks every request of every test, nearly all of them valid.
    A predicate answers those in a fraction of the time. It is conservative: a keyword it does
    not implement, or a value it is unsure about, makes it answer no, and jsonschema then
    decides (and explains) as before. So it can only ever be slower, never more lenient.
    """

    def __init__(self) -> None:
        self._compiled: dict[int, Callable[[Any], bool]] = {}

    def compile(self, schema: Any) -> Callable[[Any], bool]:
        if schema is True:
            return _always
        if not isinstance(schema, Mapping):
            return _never
        key = id(schema)
        if key not in self._compiled:
            # Recursive components reach back to a schema still being compiled.
            pending: list[Callable[[Any], bool]] = []
            self._compiled[key] = lambda instance: pending[0](instance)
            pending.append(self._build(schema))
            self._compiled[key] = pending[0]
        return self._compiled[key]

    def _build(self, schema: Mapping[str, Any]) -> Callable[[Any], bool]:
        if any(keyword in _UNHANDLED_KEYWORDS for keyword in schema):
            return _never
        checks: list[Callable[[Any], bool]] = []
        if "type" in schema:
            checks.append(_type_check(schema["type"]))
        for keyword in ("enum", "const"):
            if keyword in schema:
                values = schema["enum"] if keyword == "enum" else [schema["const"]]
                checks.append(functools.partial(_one_of_values, tuple(values)))
        checks.extend(self._object_checks(schema))
        checks.extend(self._array_checks(schema))
        checks.extend(_scalar_checks(schema))
        checks.extend(self._combinator_checks(schema))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return functools.partial(_all_pass, tuple(checks))

    def _object_checks(self, schema: Mapping[str, Any]) -> Iterator[Callable[[Any], bool]]:
        if "properties" in schema:
            properties = {name: self.compile(sub) for name, sub in schema["properties"].items()}
            yield functools.partial(_properties_fit, properties)
        if "required" in schema:
            yield functools.partial(_has_all, tuple(schema["required"]))
        if "additionalProperties" in schema:
            known = frozenset(schema.get("properties", ()))
            extra = self.compile(schema["additionalProperties"])
            yield functools.partial(_additional_fit, known, extra)
        for keyword, compare in (("minProperties", _at_least), ("maxProperties", _at_most)):
            if keyword in schema:
                yield functools.partial(_size_fits, dict, compare, schema[keyword])

    def _array_checks(self, schema: Mapping[str, Any]) -> Iterator[Callable[[Any], bool]]:
        if "items" in schema:
            yield functools.partial(_items_fit, self.compile(schema["items"]))
        for keyword, compare in (("minItems", _at_least), ("maxItems", _at_most)):
            if keyword in schema:
                yield functools.partial(_size_fits, list, compare, schema[keyword])
        if schema.get("uniqueItems") is True:
            yield _unique

    def _combinator_checks(self, schema: Mapping[str, Any]) -> Iterator[Callable[[Any], bool]]:
        if "allOf" in schema:
            yield functools.partial(_all_pass, tuple(map(self.compile, schema["allOf"])))
        if "anyOf" in schema:
            yield functools.partial(_any_passes, tuple(map(self.compile, schema["anyOf"])))
        if "oneOf" in schema:
            yield functools.partial(_exactly_one_passes, tuple(map(self.compile, schema["oneOf"])))
        if "if" in schema:
            yield functools.partial(
                _if_then_else,
                self.compile(schema["if"]),
                self.compile(schema.get("then", True)),
                self.compile(schema.get("else", True)),
            )


# JSON Schema keywords the predicates leave to jsonschema (none occur in Discord's spec today).
_UNHANDLED_KEYWORDS: Final = frozenset(
    {
        "$ref", "$dynamicRef", "$recursiveRef", "not", "prefixItems", "contains", "minContains",
        "maxContains", "patternProperties", "propertyNames", "dependentRequired",
        "dependentSchemas", "dependencies", "unevaluatedItems", "unevaluatedProperties",
        "multipleOf", "additionalItems",
    }
)  # fmt: skip

_JSON_TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def _all_pass(checks: tuple[Callable[[Any], bool], ...], instance: Any) -> bool:
    return all(check(instance) for check in checks)


def _any_passes(checks: tuple[Callable[[Any], bool], ...], instance: Any) -> bool:
    return any(check(instance) for check in checks)


def _exactly_one_passes(checks: tuple[Callable[[Any], bool], ...], instance: Any) -> bool:
    passed = 0
    for check in checks:
        if check(instance):
            passed += 1
            if passed > 1:
                return False
    return passed == 1


def _if_then_else(
    condition: Callable[[Any], bool],
    then: Callable[[Any], bool],
    otherwise: Callable[[Any], bool],
    instance: Any,
) -> bool:
    return then(instance) if condition(instance) else otherwise(instance)


def _type_check(expected: str | list[str]) -> Callable[[Any], bool]:
    names = [expected] if isinstance(expected, str) else expected
    if any(name not in _JSON_TYPES for name in names):
        return _never
    checks = tuple(_JSON_TYPES[name] for name in names)
    return checks[0] if len(checks) == 1 else functools.partial(_any_passes, checks)


def _one_of_values(values: tuple[Any, ...], instance: Any) -> bool:
    # JSON equality: true is not 1. Anything subtler (1 against 1.0) goes to jsonschema.
    return any(type(value) is type(instance) and value == instance for value in values)


def _properties_fit(properties: dict[str, Callable[[Any], bool]], instance: Any) -> bool:
    if not isinstance(instance, dict):
        return True
    for name, value in instance.items():
        check = properties.get(name)
        if check is not None and not check(value):
            return False
    return True


def _has_all(names: tuple[str, ...], instance: Any) -> bool:
    return not isinstance(instance, dict) or all(name in instance for name in names)


def _additional_fit(known: frozenset[str], extra: Callable[[Any], bool], instance: Any) -> bool:
    if not isinstance(instance, dict):
        return True
    return all(extra(value) for name, value in instance.items() if name not in known)


def _items_fit(check: Callable[[Any], bool], instance: Any) -> bool:
    return not isinstance(instance, list) or all(check(item) for item in instance)


def _at_least(size: int, bound: int) -> bool:
    return size >= bound


def _at_most(size: int, bound: int) -> bool:
    return size <= bound


def _size_fits(
    kind: type[Sized], compare: Callable[[int, int], bool], bound: int, instance: Any
) -> bool:
    return not isinstance(instance, kind) or compare(len(instance), bound)


def _unique(instance: Any) -> bool:
    if not isinstance(instance, list):
        return True
    # Python's == merges more values than JSON's (true and 1), so this errs towards "repeated".
    return not any(a == b for index, a in enumerate(instance) for b in instance[index + 1 :])


def _scalar_checks(schema: Mapping[str, Any]) -> Iterator[Callable[[Any], bool]]:
    for keyword, compare in (("minLength", _at_least), ("maxLength", _at_most)):
        if keyword in schema:
            yield functools.partial(_size_fits, str, compare, schema[keyword])
    if "pattern" in schema:
        yield functools.partial(_matches, re.compile(schema["pattern"]))
    for keyword, holds in _NUMBER_BOUNDS.items():
        if keyword in schema:
            yield functools.partial(_number_fits, holds, schema[keyword])


_NUMBER_BOUNDS: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "minimum": lambda value, bound: value >= bound,
    "maximum": lambda value, bound: value <= bound,
    "exclusiveMinimum": lambda value, bound: value > bound,
    "exclusiveMaximum": lambda value, bound: value < bound,
}


def _matches(pattern: re.Pattern[str], instance: Any) -> bool:
    return not isinstance(instance, str) or pattern.search(instance) is not None


def _number_fits(holds: Callable[[Any, Any], bool], bound: Any, instance: Any) -> bool:
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return True
    return holds(instance, bound)


class _TemplateIndex:
    """Concrete paths to their path templates; literal segments beat parameters."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._by_shape: dict[int, list[tuple[tuple[str | None, ...], str]]] = {}
        for template in templates:
            segments = tuple(
                None if part.startswith("{") and part.endswith("}") else part
                for part in template.strip("/").split("/")
            )
            self._by_shape.setdefault(len(segments), []).append((segments, template))
        for candidates in self._by_shape.values():
            candidates.sort(key=lambda item: sum(part is None for part in item[0]))
        self.match = functools.lru_cache(maxsize=4096)(self._match)

    def _match(self, path: str) -> str | None:
        parts = path.split("?", 1)[0].strip("/").split("/")
        for segments, template in self._by_shape.get(len(parts), ()):
            if all(want is None or want == got for want, got in zip(segments, parts, strict=True)):
                return template
        return None


def _request_schema(document: Mapping[str, Any], route: Route) -> Mapping[str, Any] | None:
    method, template = route
    body = document["paths"][template][method].get("requestBody")
    if body is None:
        return None
    content = body["content"]
    if "application/json" in content:
        schema: Mapping[str, Any] = content["application/json"]["schema"]
        return schema
    if "multipart/form-data" in content:
        return _without_files(content["multipart/form-data"]["schema"])
    return None


def _without_files(multipart: Mapping[str, Any]) -> Mapping[str, Any]:
    """The JSON equivalent of a multipart schema: its fields without the binary file parts.

    Message-like routes write it as ``allOf: [<JSON body>, {files[0..9]}]``; the rest list the
    file next to the fields (stickers: name, tags, file).
    """
    if "allOf" in multipart:
        fields = [member for member in multipart["allOf"] if not _binary_parts(member)]
        if len(fields) == 1 and set(multipart) == {"allOf"}:
            only: Mapping[str, Any] = fields[0]
            return only
        return {**multipart, "allOf": fields}
    files = _binary_parts(multipart)
    if not files:
        return multipart
    return {
        **multipart,
        "properties": {
            name: part for name, part in multipart["properties"].items() if name not in files
        },
        "required": [name for name in multipart.get("required", ()) if name not in files],
    }


def _binary_parts(schema: Mapping[str, Any]) -> set[str]:
    return {
        name
        for name, part in schema.get("properties", {}).items()
        if isinstance(part, Mapping) and part.get("contentEncoding") == "binary"
    }


def _follow_refs(
    document: Mapping[str, Any], pointer: str, node: Mapping[str, Any]
) -> tuple[str, Mapping[str, Any]]:
    """Follow local $refs (e.g. to components/responses), keeping track of where they land."""
    while "$ref" in node and str(node["$ref"]).startswith("#/"):
        pointer = str(node["$ref"])[1:]
        target: Any = document
        for part in pointer[1:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return pointer, node


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _as_discord_reads_requests(document: dict[str, Any]) -> dict[str, Any]:
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


def _inline_schema_refs(document: dict[str, Any]) -> None:
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


def _dispatch_unions_on_type(document: dict[str, Any]) -> None:
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


# --- Discord's error tree ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormError:
    """One entry of a 50035 errors tree: where, Discord's code, Discord's message."""

    path: tuple[str, ...]
    code: str
    message: str


def errors_tree(errors: Iterable[ValidationError]) -> ErrorsTree:
    """Discord's nested errors tree for a batch of jsonschema errors."""
    tree: ErrorsTree = {}
    for error in errors:
        for leaf in _leaves(error):
            for form_error in _as_form_errors(leaf):
                add_error(tree, form_error)
    return tree


def add_error(tree: ErrorsTree, error: FormError) -> None:
    """Insert ``error`` at its path, once."""
    node = tree
    for key in error.path:
        node = node.setdefault(key, {})
    entries: list[dict[str, str]] = node.setdefault("_errors", [])
    entry = {"code": error.code, "message": error.message}
    if entry not in entries:
        entries.append(entry)


def readable_errors(errors: Iterable[ValidationError]) -> list[str]:
    """One line per problem: ``embeds.0.title: Must be 256 or fewer in length. (BASE_TYPE_...)``."""
    lines: list[str] = []
    for error in errors:
        for leaf in _leaves(error):
            for form_error in _as_form_errors(leaf):
                where = ".".join(form_error.path) or "<body>"
                line = f"{where}: {form_error.message} ({form_error.code})"
                if line not in lines:
                    lines.append(line)
    return lines


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The specific errors behind ``error``, looking into the most plausible union member."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    branch = _closest_branch(error.context)
    if branch is None:
        yield _kind_mismatch(error)
        return
    for inner in branch:
        yield from _leaves(inner)


def _closest_branch(context: Sequence[ValidationError]) -> list[ValidationError] | None:
    """The union member the instance was most likely meant to be, or None if none fits its kind.

    A member is out when the instance is not even of its JSON type (the null arm of a nullable
    field) or names another ``type``; among the rest, the one with the fewest, deepest errors.
    """
    by_branch: dict[int, list[ValidationError]] = {}
    for inner in context:
        by_branch.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    plausible = [
        errors for errors in by_branch.values() if not any(_wrong_kind(inner) for inner in errors)
    ]
    if not plausible:
        return None
    return min(
        plausible,
        key=lambda errors: (len(errors), -max(len(inner.relative_path) for inner in errors)),
    )


def _kind_mismatch(error: ValidationError) -> ValidationError:
    """For a value no member takes at all: a member's complaint about its JSON type, if any.

    A string where an object (or null) belongs reads better as "Only dictionaries may be used"
    than as a failed union; a wrong ``type`` field stays a union error (UNION_TYPE_CHOICES).
    """
    if isinstance(error.instance, Mapping) and "type" in error.instance:
        return error
    mismatches = [
        inner
        for inner in error.context or ()
        if not inner.relative_path and inner.validator == "type" and inner.validator_value != "null"
    ]
    return mismatches[0] if mismatches else error


def _wrong_kind(error: ValidationError) -> bool:
    if not error.relative_path:
        return bool(error.validator == "type")
    return bool(
        len(error.relative_path) == 1
        and error.relative_path[0] == "type"
        and error.validator in ("enum", "const")
    )


def _as_form_errors(error: ValidationError) -> list[FormError]:
    path = tuple(str(part) for part in error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    instance = error.instance
    match error.validator:
        case "required":
            present = instance if isinstance(instance, Mapping) else {}
            return [
                FormError((*path, name), *REQUIRED)
                for name in error.validator_value
                if name not in present
            ]
        case "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties":
            return [FormError(path, *_length_error(schema, error.validator))]
        case "type":
            return [FormError(path, *_type_error(error.validator_value, instance))]
        case "enum" | "const":
            choices = (
                error.validator_value if error.validator == "enum" else [error.validator_value]
            )
            listed = ", ".join(repr(choice) for choice in choices)
            return [FormError(path, "BASE_TYPE_CHOICES", f"Value must be one of ({listed}).")]
        case "minimum" | "exclusiveMinimum":
            kind = "int" if isinstance(instance, int) else "float"
            return [
                FormError(
                    path,
                    "NUMBER_TYPE_MIN",
                    f"{kind} value should be greater than or equal to {error.validator_value}.",
                )
            ]
        case "maximum" | "exclusiveMaximum":
            kind = "int" if isinstance(instance, int) else "float"
            return [
                FormError(
                    path,
                    "NUMBER_TYPE_MAX",
                    f"{kind} value should be less than or equal to {error.validator_value}.",
                )
            ]
        case "pattern" if schema.get("format") == "snowflake":
            return [FormError(path, "NUMBER_TYPE_COERCE", f'Value "{instance}" is not snowflake.')]
        case "uniqueItems":
            return [
                FormError(
                    (*path, str(index)),
                    "SET_TYPE_ALREADY_CONTAINS_VALUE",
                    "The set already contains this value",
                )
                for index in _repeated_indexes(instance)
            ]
        case "oneOf" | "anyOf" if isinstance(instance, Mapping) and "type" in instance:
            return [
                FormError(
                    (*path, "type"),
                    "UNION_TYPE_CHOICES",
                    f'Value of field "type" must be one of ({_union_types(error)}).',
                )
            ]
        case _:
            # No Discord wording is known for this schema keyword; say what the schema says.
            return [FormError(path, f"SCHEMA_{str(error.validator).upper()}", error.message)]


def _length_error(schema: Mapping[str, Any], keyword: str) -> tuple[str, str]:
    if keyword == "maxProperties":
        return too_long(schema[keyword])
    kind = "Length" if keyword.endswith("Length") else "Items"
    low: int = schema.get(f"min{kind}", 0)
    high: int | None = schema.get(f"max{kind}")
    if low and high is not None:
        return length_between(low, high)
    if high is not None and keyword.startswith("max"):
        return too_long(high)
    return too_short(low)


def too_long(limit: int) -> tuple[str, str]:
    """Discord's code and message for a string or list longer than ``limit``."""
    return "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."


def too_short(limit: int) -> tuple[str, str]:
    """Discord's code and message for a string or list shorter than ``limit``."""
    return "BASE_TYPE_MIN_LENGTH", f"Must be {limit} or more in length."


def length_between(low: int, high: int) -> tuple[str, str]:
    """Discord's code and message for a length outside ``low``..``high``."""
    return "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length."


REQUIRED: Final = ("BASE_TYPE_REQUIRED", "This field is required")


def _type_error(expected: str | list[str], instance: Any) -> tuple[str, str]:
    if instance is None:
        return REQUIRED
    wanted = (
        [expected] if isinstance(expected, str) else [kind for kind in expected if kind != "null"]
    )
    match wanted[0] if wanted else "null":
        case "integer":
            return "NUMBER_TYPE_COERCE", f'Value "{instance}" is not int.'
        case "number":
            return "NUMBER_TYPE_COERCE", f'Value "{instance}" is not a valid number.'
        case "string":
            return "STRING_TYPE_CONVERT", f'Could not interpret "{instance}" as string.'
        case "boolean":
            return "BASE_TYPE_BOOLEAN", "Must be either true or false."
        case "array":
            return "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType"
        case "object":
            return "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"
        case _:
            return "BASE_TYPE_CHOICES", "Value must be null."


def _repeated_indexes(items: Any) -> list[int]:
    seen: list[Any] = []
    repeated: list[int] = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if item in seen:
            repeated.append(index)
        else:
            seen.append(item)
    return repeated


def _union_types(error: ValidationError) -> str:
    values: list[Any] = []
    for inner in error.context or ():
        if inner.relative_path and inner.relative_path[0] == "type" and inner.validator == "enum":
            values.extend(value for value in inner.validator_value if value not in values)
    return ", ".join(repr(value) for value in values)
