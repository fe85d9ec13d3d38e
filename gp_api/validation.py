"""Input checks shared by the services; each failure is a DomainError naming the input field."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pycountry

from gp_api.errors import DomainError, ErrorCode

# The dates every layer keeps exactly: Python's range without its first and last day, which the
# PostgreSQL driver stores as -infinity/infinity and a time-zone offset pushes out of range.
EARLIEST_DATE = dt.date(1, 1, 2)
LATEST_DATE = dt.date(9999, 12, 30)
EARLIEST_INSTANT = dt.datetime.combine(EARLIEST_DATE, dt.time.min, dt.UTC)
LATEST_INSTANT = dt.datetime.combine(LATEST_DATE, dt.time.max, dt.UTC)
DATE_RANGE = f"from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"


def unstorable_text(value: str) -> str | None:
    """Why a string cannot be kept as text (PostgreSQL refuses NUL, UTF-8 lone surrogates);
    None when it can."""
    if "\x00" in value:
        return "text must not contain the NUL character (U+0000)"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text must be valid Unicode (it contains a lone surrogate)"
    return None


def date_out_of_range(value: dt.date) -> str | None:
    """Why a date (or a date and time, as a UTC instant) is outside the range every layer
    keeps exactly; None when it is inside."""
    if isinstance(value, dt.datetime):
        try:
            instant = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
        except OverflowError:
            instant = None
        if instant is None or not EARLIEST_INSTANT <= instant <= LATEST_INSTANT:
            return f"{value.isoformat()} is out of range: times in UTC must fall {DATE_RANGE}"
    elif not EARLIEST_DATE <= value <= LATEST_DATE:
        return f"{value.isoformat()} is out of range: dates must fall {DATE_RANGE}"
    return None


def text(value: str | None, field: str, *, max_length: int, required: bool = True) -> str | None:
    """Strip surrounding blanks; refuse empty required text and text that is too long."""
    if value is None:
        if required:
            raise DomainError(ErrorCode.REQUIRED, f"{field} is required", [field])
        return None
    value = value.strip()
    if not value:
        if required:
            raise DomainError(ErrorCode.REQUIRED, f"{field} must not be blank", [field])
        return None
    if len(value) > max_length:
        raise DomainError(
            ErrorCode.TOO_LONG,
            f"{field} is {len(value)} characters long; at most {max_length} are allowed",
            [field],
        )
    return value


def required_text(value: str | None, field: str, *, max_length: int) -> str:
    result = text(value, field, max_length=max_length, required=True)
    assert result is not None
    return result


def url(value: str | None, field: str) -> str | None:
    value = text(value, field, max_length=500, required=False)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        valid = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and parts.port != 0
            # No URL holds these; parsers that differ on them (a backslash ends the host for
            # a browser, not for urllib) would each see another host.
            and not any(c.isspace() or c == "\\" or not c.isprintable() for c in value)
            and "%" not in (parts.hostname or "")  # an escaped or zoned host is no address
        )
        if valid:
            # a host name the resolver can look up: labels of 1 to 63 characters (IDNA)
            (parts.hostname or "").encode("idna")
    except ValueError:  # brackets around no IPv6 address, a port that is no number or too big,
        valid = False  # a host name IDNA cannot encode (UnicodeError)
    if not valid:
        raise DomainError(ErrorCode.INVALID, f"{field} must be an http(s) URL", [field])
    return value


def date_order(start: dt.date | None, end: dt.date | None, field: str, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(ErrorCode.INVALID, f"{what}", [field])


def int_range(value: int | None, field: str, *, minimum: int, maximum: int) -> None:
    if value is not None and not minimum <= value <= maximum:
        raise DomainError(
            ErrorCode.OUT_OF_RANGE,
            f"{field} must be between {minimum} and {maximum}, got {value}",
            [field],
        )


def aware(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None:
        raise DomainError(
            ErrorCode.INVALID, f"{field} must include a timezone offset (e.g. Z)", [field]
        )
    return value.astimezone(dt.UTC)


def country(
    *, alpha2: str | None, alpha3: str | None, m49: int | None
) -> tuple[str | None, str | None, int | None]:
    """Check ISO 3166-1 codes against each other and fill in the ones left out.

    The numeric ISO 3166-1 code is the UN M49 country code.
    """
    found = []
    if alpha2 is not None:
        rec = pycountry.countries.get(alpha_2=alpha2.strip().upper())
        if rec is None:
            raise DomainError(
                ErrorCode.INVALID, f"{alpha2!r} is not an ISO 3166-1 alpha-2 code", ["isoAlpha2"]
            )
        found.append(("isoAlpha2", rec))
    if alpha3 is not None:
        rec = pycountry.countries.get(alpha_3=alpha3.strip().upper())
        if rec is None:
            raise DomainError(
                ErrorCode.INVALID, f"{alpha3!r} is not an ISO 3166-1 alpha-3 code", ["isoAlpha3"]
            )
        found.append(("isoAlpha3", rec))
    if m49 is not None:
        rec = pycountry.countries.get(numeric=f"{m49:03d}") if 0 < m49 < 1000 else None
        if rec is None:
            raise DomainError(
                ErrorCode.INVALID, f"{m49} is not an ISO 3166-1 numeric (M49) code", ["m49"]
            )
        found.append(("m49", rec))
    if not found:
        raise DomainError(
            ErrorCode.REQUIRED,
            "a state needs an ISO 3166-1 code (isoAlpha2, isoAlpha3 or m49)",
            ["isoAlpha2"],
        )
    first_field, first = found[0]
    for other_field, other in found[1:]:
        if other.alpha_2 != first.alpha_2:
            raise DomainError(
                ErrorCode.INVALID,
                f"{other_field} names {other.name}, but {first_field} names {first.name}",
                [other_field],
            )
    return first.alpha_2, first.alpha_3, int(first.numeric)
