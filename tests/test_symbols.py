"""UN document symbols (gp_api.documents.symbols): every pattern, the canonical case, what a
symbol carries, the links derived from it, and refusals that list the accepted forms. Pure."""

from __future__ import annotations

import pytest

from gp_api.documents import symbols
from gp_api.documents.symbols import DocumentKind as K

NUMBERED = {K.COMMITTEE_REPORT, K.SG_REPORT, K.LETTER, K.AGENDA, K.OTHER}

# (as written, canonical, kinds allowed, organ, session, year)
ACCEPTED = [
    ("A/RES/64/293", "A/RES/64/293", {K.RESOLUTION}, "General Assembly", 64, None),
    ("a/res/061/180", "A/RES/61/180", {K.RESOLUTION}, "General Assembly", 61, None),
    ("A/DEC/78/540", "A/DEC/78/540", {K.DECISION}, "General Assembly", 78, None),
    ("A/64/L.64", "A/64/L.64", {K.DRAFT}, "General Assembly", 64, None),
    ("a/64/l.64/rev.2/add.1", "A/64/L.64/Rev.2/Add.1", {K.DRAFT}, "General Assembly", 64, None),
    ("a/c.3/64/l.17/rev.1", "A/C.3/64/L.17/Rev.1", {K.DRAFT}, "Third Committee", 64, None),
    (" A/C.6/70/L.3/Add.2 ", "A/C.6/70/L.3/Add.2", {K.DRAFT}, "Sixth Committee", 70, None),
    ("A/74/400", "A/74/400", NUMBERED, "General Assembly", 74, None),
    ("a/74/400/add.1/corr.2", "A/74/400/Add.1/Corr.2", NUMBERED, "General Assembly", 74, None),
    ("A/74/400/Corr.1", "A/74/400/Corr.1", NUMBERED, "General Assembly", 74, None),
    ("a/79/pv.50", "A/79/PV.50", {K.MEETING_RECORD}, "General Assembly", 79, None),
    ("A/C.1/78/SR.12", "A/C.1/78/SR.12", {K.MEETING_RECORD}, "First Committee", 78, None),
    (
        "a/bur/78/1",
        "A/BUR/78/1",
        {K.COMMITTEE_REPORT, K.AGENDA, K.OTHER},
        "General Committee",
        78,
        None,
    ),
    ("e/res/2009/25", "E/RES/2009/25", {K.RESOLUTION}, "Economic and Social Council", None, 2009),
    ("E/2009/33", "E/2009/33", NUMBERED, "Economic and Social Council", None, 2009),
    ("a/hrc/res/53/7", "A/HRC/RES/53/7", {K.RESOLUTION}, "Human Rights Council", 53, None),
    ("A/HRC/53/28", "A/HRC/53/28", NUMBERED, "Human Rights Council", 53, None),
]


@pytest.mark.parametrize(("written", "canonical", "kinds", "organ", "session", "year"), ACCEPTED)
def test_every_pattern_parses_to_its_canonical_form(
    written: str, canonical: str, kinds: set[K], organ: str, session: int | None, year: int | None
) -> None:
    parsed = symbols.parse(written)

    assert parsed.text == canonical
    assert symbols.canonical(canonical) == canonical  # canonical is a fixed point
    assert set(parsed.kinds) == kinds
    assert parsed.kind == (next(iter(kinds)) if len(kinds) == 1 else None)
    assert (parsed.organ, parsed.session, parsed.year) == (organ, session, year)


def test_every_form_is_covered_here() -> None:
    forms = {symbols.parse(w).pattern.form for w, *_ in ACCEPTED}
    assert forms == {p.form for p in symbols.PATTERNS}


@pytest.mark.parametrize(
    "refused",
    [
        "",
        "   ",
        "S/RES/1440 (2002)",  # Security Council: not a form of the record
        "A/RES/491 (V)",  # before the 31st session
        "A/RES/64",
        "A/RES/64/293/Rev.1",
        "A/C.7/64/L.1",  # there are six main committees
        "A/C.3/64/SR",
        "A/64/L.64/Add.1/Rev.1",  # Rev. before Add.
        "A/74/400/Rev.1",
        "A/0/1",
        "A/RES/1000/1",
        "A/RES/64/0",
        "E/RES/09/25",
        "E/1899/1",
        "A/HRC/RES/53",
        "A//64/L.1",
        "A/64/L.64/",
        "A/64/L.64\x00",
        "A/" + "1" * 80,
        "A/RES/٦٤/293",  # digits of another script
    ],
)
def test_anything_else_is_refused_with_the_accepted_forms(refused: str) -> None:
    with pytest.raises(symbols.SymbolError) as error:
        symbols.parse(refused)
    message = str(error.value)
    if "at most" not in message and "must be" not in message:
        assert "A/C.<1-6>/<session>/L.<n>[/Rev.<k>][/Add.<k>]" in message
        assert "E/RES/<year>/<n>" in message


def test_a_kind_the_pattern_does_not_allow_is_refused() -> None:
    symbols.check_kind(symbols.parse("A/74/400"), K.COMMITTEE_REPORT)
    symbols.check_kind(symbols.parse("A/RES/64/293"), K.RESOLUTION)
    with pytest.raises(symbols.SymbolError, match="RESOLUTION document, not of a DRAFT"):
        symbols.check_kind(symbols.parse("A/RES/64/293"), K.DRAFT)
    with pytest.raises(symbols.SymbolError, match="not of a RESOLUTION"):
        symbols.check_kind(symbols.parse("A/74/400"), K.RESOLUTION)
    with pytest.raises(symbols.SymbolError):
        symbols.check_kind(symbols.parse("A/BUR/78/1"), K.SG_REPORT)


def test_links_are_derived_from_the_symbol() -> None:
    assert symbols.official_url("A/C.3/64/L.17/Rev.1") == "https://undocs.org/A/C.3/64/L.17/Rev.1"
    assert (
        symbols.library_url("A/C.3/64/L.17/Rev.1")
        == "https://digitallibrary.un.org/search?ln=en&p=A%2FC.3%2F64%2FL.17%2FRev.1"
    )
