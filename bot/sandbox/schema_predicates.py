"""JSON schemas compiled to plain Python predicates: is this instance valid, yes or no."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sized
from typing import Any, Final


class FastChecks:
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
