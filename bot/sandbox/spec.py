"""Discord's OpenAPI description as a request and response checker for the sandbox.

The sandbox answers the bot with a 400 exactly where Discord would, so every REST body the bot
sends is checked against the request schema of its route, and the sandbox's own answers are
checked against the response schemas so that the bot is never fed something Discord would not say.

The spec is read as Discord reads requests (`bot.sandbox.spec_rewrites`), checked first by quick
predicates (`bot.sandbox.schema_predicates`) and, where they say no, by jsonschema, whose errors
come back in the shape of Discord's 50035 errors tree (`bot.sandbox.form_errors`).
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from bot.sandbox.form_errors import ErrorsTree, errors_tree, readable_errors
from bot.sandbox.schema_predicates import FastChecks
from bot.sandbox.spec_rewrites import (
    as_discord_reads_requests,
    dispatch_unions_on_type,
    inline_schema_refs,
)

log = logging.getLogger(__name__)

SPEC_PATH_ENV: Final = "DISCORD_OPENAPI_SPEC"
_REPOSITORY_ROOT: Final = Path(__file__).resolve().parents[2]
DEFAULT_SPEC_PATH: Final = _REPOSITORY_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
SPEC_SOURCE: Final = (
    "https://github.com/discord/discord-api-spec (specs/openapi.json); "
    f"put it at {DEFAULT_SPEC_PATH} or point {SPEC_PATH_ENV} at it"
)

Route = tuple[str, str]  # (method, path template)


class ApiSpec:
    """Request and response checks compiled lazily from Discord's OpenAPI description."""

    def __init__(self, document: dict[str, Any]) -> None:
        dispatch_unions_on_type(document)
        self._templates = _TemplateIndex(document["paths"])
        # Requests are checked with what Discord takes beyond the spec's letter (see
        # as_discord_reads_requests); responses and check_schema keep the strict form.
        self._lenient = _Schemas(as_discord_reads_requests(copy.deepcopy(document)))
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
        inline_schema_refs(document)
        self.document = document
        self.fast = FastChecks()

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
