"""UN document symbols: parsed by pattern, canonicalised, and linked to the UN's systems.

Pure (no database): each accepted pattern names the document kinds it allows, the organ whose
document it is and whether it carries a session number or a year. Anything else is refused with
a message listing the accepted forms. The canonical form is the UN's own casing
(`A/C.3/64/L.17/Rev.1`): organ letters and `L.`, `PV.`, `SR.`, `C.` upper case, `Rev.`,
`Add.` and `Corr.` capitalised, numbers without leading zeros.

Links (checked on 30 November 2026):
- Official Document System: `https://undocs.org/<symbol>` is the UN's permanent link by symbol
  (it redirects to documents.un.org); research guides give it as the way to reach a digitised
  document by its symbol, e.g. https://researchguides.library.vanderbilt.edu/UNDocs/symbols
  ("entering the following URL in your browser, followed by the document symbol:
  https://undocs.org/"). documents.un.org's own page by symbol is
  `https://documents.un.org/symbol-explorer?s=<symbol>`, which needs a browser (it checks for
  a human), so the undocs.org form is the one given.
- UN Digital Library: a search by symbol, `https://digitallibrary.un.org/search?ln=en&p=<symbol,
  URL-encoded>` (the form the library's own search page builds, e.g.
  `https://digitallibrary.un.org/search?ln=en&p=S%2FPV.3137`); the library has no permanent
  link by symbol, its records are numbered by its own ids.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import quote


class DocumentKind(enum.Enum):
    RESOLUTION = "RESOLUTION"
    DECISION = "DECISION"
    DRAFT = "DRAFT"
    COMMITTEE_REPORT = "COMMITTEE_REPORT"
    SG_REPORT = "SG_REPORT"
    LETTER = "LETTER"
    MEETING_RECORD = "MEETING_RECORD"
    AGENDA = "AGENDA"
    OTHER = "OTHER"


# The kinds a plain numbered document of an organ (A/<s>/<n>, E/<year>/<n>, ...) may be: the
# pattern cannot tell them apart, the caller says which.
NUMBERED = (
    DocumentKind.COMMITTEE_REPORT,
    DocumentKind.SG_REPORT,
    DocumentKind.LETTER,
    DocumentKind.AGENDA,
    DocumentKind.OTHER,
)

GENERAL_ASSEMBLY = "General Assembly"
ECOSOC = "Economic and Social Council"
HUMAN_RIGHTS_COUNCIL = "Human Rights Council"
COMMITTEES = {
    1: "First Committee",
    2: "Second Committee",
    3: "Third Committee",
    4: "Fourth Committee",
    5: "Fifth Committee",
    6: "Sixth Committee",
}

MAX_LENGTH = 60


class SymbolError(ValueError):
    """A symbol no pattern accepts, or a kind its pattern does not allow."""


@dataclass(frozen=True)
class Pattern:
    form: str  # as the refusal lists it
    regex: re.Pattern[str]  # on the upper-cased symbol, without spaces
    template: str  # the canonical form, from the regex's named groups
    kinds: tuple[DocumentKind, ...]
    organ: str  # or "committee": the main committee named by the `committee` group
    carries: str  # "session" or "year"


_SUFFIX = r"(?:/REV\.(?P<rev>\d+))?(?:/ADD\.(?P<add>\d+))?"
_NUMBERED_SUFFIX = r"(?:/ADD\.(?P<add>\d+))?(?:/CORR\.(?P<corr>\d+))?"


def _p(
    form: str,
    regex: str,
    template: str,
    kinds: tuple[DocumentKind, ...],
    organ: str,
    carries: str = "session",
) -> Pattern:
    return Pattern(form, re.compile(regex + r"\Z", re.ASCII), template, kinds, organ, carries)


PATTERNS: tuple[Pattern, ...] = (
    _p(
        "A/RES/<session>/<n>",
        r"A/RES/(?P<session>\d+)/(?P<n>\d+)",
        "A/RES/{session}/{n}",
        (DocumentKind.RESOLUTION,),
        GENERAL_ASSEMBLY,
    ),
    _p(
        "A/DEC/<session>/<n>",
        r"A/DEC/(?P<session>\d+)/(?P<n>\d+)",
        "A/DEC/{session}/{n}",
        (DocumentKind.DECISION,),
        GENERAL_ASSEMBLY,
    ),
    _p(
        "A/<session>/L.<n>[/Rev.<k>][/Add.<k>]",
        r"A/(?P<session>\d+)/L\.(?P<n>\d+)" + _SUFFIX,
        "A/{session}/L.{n}",
        (DocumentKind.DRAFT,),
        GENERAL_ASSEMBLY,
    ),
    _p(
        "A/C.<1-6>/<session>/L.<n>[/Rev.<k>][/Add.<k>]",
        r"A/C\.(?P<committee>[1-6])/(?P<session>\d+)/L\.(?P<n>\d+)" + _SUFFIX,
        "A/C.{committee}/{session}/L.{n}",
        (DocumentKind.DRAFT,),
        "committee",
    ),
    _p(
        "A/<session>/PV.<n>",
        r"A/(?P<session>\d+)/PV\.(?P<n>\d+)",
        "A/{session}/PV.{n}",
        (DocumentKind.MEETING_RECORD,),
        GENERAL_ASSEMBLY,
    ),
    _p(
        "A/C.<1-6>/<session>/SR.<n>",
        r"A/C\.(?P<committee>[1-6])/(?P<session>\d+)/SR\.(?P<n>\d+)",
        "A/C.{committee}/{session}/SR.{n}",
        (DocumentKind.MEETING_RECORD,),
        "committee",
    ),
    _p(
        "A/<session>/<n>[/Add.<k>][/Corr.<k>]",
        r"A/(?P<session>\d+)/(?P<n>\d+)" + _NUMBERED_SUFFIX,
        "A/{session}/{n}",
        NUMBERED,
        GENERAL_ASSEMBLY,
    ),
    _p(
        "A/BUR/<session>/<n>",
        r"A/BUR/(?P<session>\d+)/(?P<n>\d+)",
        "A/BUR/{session}/{n}",
        (DocumentKind.COMMITTEE_REPORT, DocumentKind.AGENDA, DocumentKind.OTHER),
        "General Committee",
    ),
    _p(
        "E/RES/<year>/<n>",
        r"E/RES/(?P<year>\d{4})/(?P<n>\d+)",
        "E/RES/{year}/{n}",
        (DocumentKind.RESOLUTION,),
        ECOSOC,
        "year",
    ),
    _p(
        "E/<year>/<n>",
        r"E/(?P<year>\d{4})/(?P<n>\d+)",
        "E/{year}/{n}",
        NUMBERED,
        ECOSOC,
        "year",
    ),
    _p(
        "A/HRC/RES/<session>/<n>",
        r"A/HRC/RES/(?P<session>\d+)/(?P<n>\d+)",
        "A/HRC/RES/{session}/{n}",
        (DocumentKind.RESOLUTION,),
        HUMAN_RIGHTS_COUNCIL,
    ),
    _p(
        "A/HRC/<session>/<n>",
        r"A/HRC/(?P<session>\d+)/(?P<n>\d+)",
        "A/HRC/{session}/{n}",
        NUMBERED,
        HUMAN_RIGHTS_COUNCIL,
    ),
)

ACCEPTED_FORMS = ", ".join(p.form for p in PATTERNS)


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol: its canonical text and what its pattern says of it."""

    text: str
    pattern: Pattern
    organ: str
    session: int | None
    year: int | None

    @property
    def kinds(self) -> tuple[DocumentKind, ...]:
        return self.pattern.kinds

    @property
    def kind(self) -> DocumentKind | None:
        """The one kind the pattern allows (None when the caller must say which)."""
        return self.kinds[0] if len(self.kinds) == 1 else None


def _number(text: str, what: str, symbol: str) -> int:
    value = int(text)
    if value < 1:
        raise SymbolError(f"{symbol!r}: {what} must be 1 or more")
    return value


def parse(value: str) -> Symbol:
    """The symbol `value` (any case, spaces ignored), or SymbolError naming the accepted forms."""
    compact = re.sub(r"\s+", "", value or "")
    if not compact:
        raise SymbolError(f"a document symbol is required; accepted forms: {ACCEPTED_FORMS}")
    if len(compact) > MAX_LENGTH:
        raise SymbolError(f"a document symbol has at most {MAX_LENGTH} characters")
    upper = compact.upper()
    for pattern in PATTERNS:
        match = pattern.regex.match(upper)
        if match is None:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        numbers = {k: _number(v, k, compact) for k, v in groups.items()}
        session = numbers.get("session")
        year = numbers.get("year")
        if session is not None and session > 999:
            raise SymbolError(f"{compact!r}: the session must be between 1 and 999")
        if year is not None and not 1946 <= year <= 2999:
            raise SymbolError(f"{compact!r}: the year must be 1946 or later")
        text = pattern.template.format(**numbers)
        for part, label in (("rev", "Rev"), ("add", "Add"), ("corr", "Corr")):
            if part in numbers:
                text += f"/{label}.{numbers[part]}"
        organ = COMMITTEES[numbers["committee"]] if pattern.organ == "committee" else pattern.organ
        return Symbol(text, pattern, organ, session, year)
    raise SymbolError(
        f"{compact!r} is not a symbol of a known form; accepted forms: {ACCEPTED_FORMS}"
    )


def canonical(value: str) -> str:
    return parse(value).text


def check_kind(symbol: Symbol, kind: DocumentKind) -> None:
    """SymbolError unless the symbol's pattern allows `kind`."""
    if kind not in symbol.kinds:
        allowed = ", ".join(k.value for k in symbol.kinds)
        raise SymbolError(
            f"{symbol.text} ({symbol.pattern.form}) is a symbol of a {allowed} document,"
            f" not of a {kind.value}"
        )


def official_url(symbol: str) -> str:
    """The document in the UN Official Document System (undocs.org redirects to it)."""
    return f"https://undocs.org/{symbol}"


def library_url(symbol: str) -> str:
    """The UN Digital Library's search for the symbol."""
    return f"https://digitallibrary.un.org/search?ln=en&p={quote(symbol, safe='')}"
