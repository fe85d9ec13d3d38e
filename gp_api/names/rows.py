"""Which name of a subject applies in a language on a day (pure: no database).

`choose` picks the recorded (or ISO-derived) name for the language and day, and falls back to
the English one of that day, saying so; without any, the subject's own column (today's
English name) answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gp_api.models_common import Confidence
from gp_api.names.models import LanguageCode

Key = tuple[str, int]  # (subject type, subject id)
LANGUAGE_ORDER = {language: i for i, language in enumerate(LanguageCode)}


@dataclass(frozen=True)
class NameRow:
    """One name of a subject: recorded, or derived from ISO 3166 (`derived`)."""

    language: LanguageCode
    name: str
    short_name: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    source_url: str | None
    confidence: Confidence | None
    derived: bool = False

    @classmethod
    def of(cls, row: Any) -> NameRow:
        """A recorded form: from a row (or object) with the columns of `localized_names`."""
        return cls(
            row.language,
            row.name,
            row.short_name,
            row.valid_from,
            row.valid_until,
            row.source_url,
            row.confidence,
        )

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class Chosen:
    """The name that answers a request: `language` is the language it is in, `fallback` true
    when that is not the language asked for (no form in it is recorded for that day)."""

    row: NameRow
    requested: LanguageCode

    @property
    def fallback(self) -> bool:
        return self.row.language is not self.requested


def choose(
    rows: Sequence[NameRow], stored: str, language: LanguageCode, on: dt.date | None
) -> Chosen:
    """The name in `language` on `on` (today when None), else the English one of that day,
    else `stored` (the subject's own column: today's English name)."""
    day = on or dt.date.today()
    for wanted in dict.fromkeys((language, LanguageCode.EN)):
        valid = [r for r in rows if r.language is wanted and r.valid_on(day)]
        if valid:
            # The most specific: the one that started last; a recorded form before a derived one.
            best = max(valid, key=lambda r: (r.valid_from or dt.date.min, not r.derived))
            return Chosen(best, language)
    return Chosen(NameRow(LanguageCode.EN, stored, None, None, None, None, None), language)


def ordered(rows: Sequence[NameRow]) -> list[NameRow]:
    """Names by language (AR, ZH, EN, FR, RU, ES), then oldest first."""
    return sorted(
        rows, key=lambda r: (LANGUAGE_ORDER[r.language], r.valid_from or dt.date.min, r.derived)
    )
