"""What a commitment's terms may hold: the SDG targets it may name, and the checks of its
determinants, pillars, scope, countries, pledge and evidence (each refusal a DomainError that
names the field)."""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Sequence
from typing import TypeVar

import pycountry

from gp_api import validation
from gp_api.commitments.models import Scope
from gp_api.errors import DomainError, ErrorCode

E = TypeVar("E", bound=enum.Enum)

# The targets of the Sustainable Development Goals a trafficking commitment serves, as the 2030
# Agenda (A/RES/70/1) numbers them: numbered outcome targets and lettered means of
# implementation. Goal 5 (5.2: trafficking of women and girls), 8 (8.7: forced labour, modern
# slavery, human trafficking), 10 (10.7: safe migration), 16 (16.2: trafficking of children)
# and 17 (partnerships). Only these goals are accepted; each target is checked against its goal.
SDG_TARGETS: dict[int, tuple[str, ...]] = {
    5: ("1", "2", "3", "4", "5", "6", "a", "b", "c"),
    8: ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a", "b"),
    10: ("1", "2", "3", "4", "5", "6", "7", "a", "b", "c"),
    16: ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a", "b"),
    17: tuple(str(n) for n in range(1, 20)),
}
ALL_SDG_TARGETS = frozenset(f"{goal}.{t}" for goal, ts in SDG_TARGETS.items() for t in ts)
MAX_ITEMS = 50
MAX_AMOUNT_DIGITS = 18  # before the decimal point
MAX_DECIMALS = 4


def unique(values: Iterable[str], field: str) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value in seen:
            raise DomainError(ErrorCode.INVALID, f"{field} lists {value} twice", [field])
        seen.append(value)
    if len(seen) > MAX_ITEMS:
        raise DomainError(
            ErrorCode.INVALID, f"{field} may list at most {MAX_ITEMS} entries", [field]
        )
    return seen


def enums(values: Sequence[E] | None, field: str, *, required: bool) -> list[str]:
    """Enum members as their values, without repeats; at least one when `required`."""
    found = unique((v.value for v in values or ()), field)
    if required and not found:
        raise DomainError(ErrorCode.REQUIRED, f"{field} needs at least one value", [field])
    return found


def sdg_targets(values: Sequence[str] | None) -> list[str]:
    """SDG target codes such as "8.7" or "16.a", each a real target of a goal listed above."""
    found = []
    for raw in values or ():
        code = raw.strip().lower()
        goal, _, target = code.partition(".")
        if not goal.isdigit() or int(goal) not in SDG_TARGETS:
            goals = ", ".join(str(g) for g in SDG_TARGETS)
            raise DomainError(
                ErrorCode.INVALID,
                f"{raw!r} is not a target of the goals a commitment may name ({goals})",
                ["sdgTargets"],
            )
        if target not in SDG_TARGETS[int(goal)]:
            known = ", ".join(f"{goal}.{t}" for t in SDG_TARGETS[int(goal)])
            raise DomainError(
                ErrorCode.INVALID,
                f"{raw!r} is not a target of SDG {goal} (its targets: {known})",
                ["sdgTargets"],
            )
        found.append(f"{int(goal)}.{target}")
    return unique(found, "sdgTargets")


def country_codes(values: Sequence[str] | None, field: str = "countries") -> list[str]:
    """ISO 3166-1 alpha-2 codes (upper-cased), each a real country."""
    found = []
    for raw in values or ():
        code = raw.strip().upper()
        if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            raise DomainError(
                ErrorCode.INVALID, f"{raw!r} is not an ISO 3166-1 alpha-2 code", [field]
            )
        found.append(code)
    return found


def scope_and_countries(scope: Scope | None, countries: list[str]) -> None:
    """A NATIONAL commitment names its countries; a GLOBAL one names none; a REGIONAL one may
    name the countries of its region; countries need a scope."""
    if scope is Scope.NATIONAL and not countries:
        raise DomainError(
            ErrorCode.REQUIRED, "a NATIONAL commitment names its countries", ["countries"]
        )
    if scope is Scope.GLOBAL and countries:
        raise DomainError(
            ErrorCode.INVALID, "a GLOBAL commitment names no countries", ["countries"]
        )
    if scope is None and countries:
        raise DomainError(
            ErrorCode.REQUIRED, "countries need a scope (NATIONAL or REGIONAL)", ["scope"]
        )


def pledge(amount: decimal.Decimal | None, currency: str | None) -> tuple[str | None, str | None]:
    """The amount as exact decimal text in plain notation (as given: "281871.50") and the ISO
    4217 currency code: both or neither;
    the amount positive, finite, at most 4 decimals; the currency a current ISO 4217 code."""
    if amount is None and currency is None:
        return None, None
    if amount is None:
        raise DomainError(ErrorCode.REQUIRED, "a pledge currency needs an amount", ["pledgeAmount"])
    if currency is None:
        raise DomainError(
            ErrorCode.REQUIRED, "a pledge amount needs its currency", ["pledgeCurrency"]
        )
    if not amount.is_finite() or amount <= 0:
        raise DomainError(
            ErrorCode.INVALID, "pledgeAmount must be a positive amount", ["pledgeAmount"]
        )
    exponent = amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if -exponent > MAX_DECIMALS or amount.adjusted() >= MAX_AMOUNT_DIGITS:
        raise DomainError(
            ErrorCode.INVALID,
            f"pledgeAmount takes at most {MAX_AMOUNT_DIGITS} digits and {MAX_DECIMALS} decimals",
            ["pledgeAmount"],
        )
    code = currency.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise DomainError(
            ErrorCode.INVALID, f"{currency!r} is not an ISO 4217 currency code", ["pledgeCurrency"]
        )
    return format(amount, "f"), code


def evidence(values: Sequence[str] | None) -> list[str]:
    """http(s) URLs, each checked as sourceUrl is."""
    found = []
    for value in values or ():
        checked = validation.url(value, "evidence")
        if checked is None:
            raise DomainError(ErrorCode.INVALID, "evidence lists an empty link", ["evidence"])
        found.append(checked)
    return unique(found, "evidence")
