"""jsonschema's errors in the shape of Discord's 50035 "Invalid Form Body" errors tree:
``{"embeds": {"0": {"title": {"_errors": [{"code": ..., "message": ...}]}}}}``, with Discord's codes
and wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from jsonschema.exceptions import ValidationError

ErrorsTree = dict[str, Any]


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


# Discord words a bound the same way whether JSON Schema calls it exclusive or not.
_BOUNDS: Final = {
    "minimum": ("NUMBER_TYPE_MIN", "greater"),
    "exclusiveMinimum": ("NUMBER_TYPE_MIN", "greater"),
    "maximum": ("NUMBER_TYPE_MAX", "less"),
    "exclusiveMaximum": ("NUMBER_TYPE_MAX", "less"),
}


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
        case "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum":
            code, side = _BOUNDS[str(error.validator)]
            kind = "int" if isinstance(instance, int) else "float"
            message = f"{kind} value should be {side} than or equal to {error.validator_value}."
            return [FormError(path, code, message)]
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
