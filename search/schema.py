"""Access to the Article JSON Schema shipped in `search/schema/article.schema.json`.

Tests, the export command and downstream users validate records against the same file, so the
schema is data (JSON) and this module only loads it.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).with_name("schema") / "article.schema.json"


@cache
def article_schema() -> dict[str, Any]:
    """The parsed schema (cached: it is read-only data)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def article_validator() -> Draft202012Validator:
    """A draft 2020-12 validator for Article records with format checking on.

    Formats whose checkers need optional packages (e.g. "uri") are skipped by jsonschema when the
    package is missing; the schema therefore also states patterns that always apply.
    """
    schema = article_schema()
    Draft202012Validator.check_schema(schema)
    checker = FormatChecker()
    # jsonschema checks "date-time" only with the optional rfc3339-validator package; the
    # standard library is enough for the ISO 8601 timestamps the crawler writes.
    checker.checks("date-time", raises=ValueError)(_is_datetime_with_offset)
    return Draft202012Validator(schema, format_checker=checker)


def _is_datetime_with_offset(value: object) -> bool:
    if not isinstance(value, str):
        return True  # types are checked by "type", not by formats
    return datetime.fromisoformat(value).tzinfo is not None
