"""Reading the pay a member types: an amount or a range, as people in the hub write it.

Accepted, case-insensitive, spaces anywhere:
- an amount: `5000000`, `5.000.000`, `5,000,000`, `2,5`, `25.50`; a group separator is a dot or
  comma followed by exactly three digits, otherwise the dot or comma is a decimal point;
- a multiplier after an amount: `k`, `rb`, `ribu` (thousand), `jt`, `juta` (million) — `5jt`,
  `1.5k`, `750rb`;
- a range: two amounts joined by `-`, `–`, `—`, `to`, `sampai` or `s/d`; in `5-8jt` the lower
  number takes the upper's multiplier (it reads as 5jt–8jt) when it is the smaller as typed;
- optionally a currency: an ISO 4217 code (`USD 25-40`) or `Rp` for rupiah; it wins over the
  currency chosen with the command;
- optionally a period: `/hour`, `per jam`, `/day`, `/hari`, `/month`, `/bulan`, `/project`,
  `/proyek`; it wins over the period chosen with the command.
Anything else is refused with the accepted forms as the example.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import list_currencies

from bot.errors import Refusal
from bot.gigs.model import Compensation, PayPeriod

LARGEST_AMOUNT = Decimal(10) ** 12

_MULTIPLIERS = {
    "k": Decimal(1_000),
    "rb": Decimal(1_000),
    "ribu": Decimal(1_000),
    "jt": Decimal(1_000_000),
    "juta": Decimal(1_000_000),
}
_PERIOD_WORDS = {
    PayPeriod.HOUR: ("hour", "hr", "h", "jam"),
    PayPeriod.DAY: ("day", "hari"),
    PayPeriod.MONTH: ("month", "mo", "bulan", "bln"),
    PayPeriod.PROJECT: ("project", "proyek", "projek"),
}
_PERIOD_BY_WORD = {word: period for period, words in _PERIOD_WORDS.items() for word in words}

_AMOUNT = r"(\d[\d.,]*)\s*(ribu|juta|rb|jt|k)?(?![a-z])"
_RANGE = re.compile(rf"^{_AMOUNT}(?:\s*(?:-|–|—|to|sampai|s/d|s\.d\.?)\s*{_AMOUNT})?$")
_PERIOD = re.compile(r"\s*(?:/|\bper\s)\s*([a-z]+)\s*$")
_CODE = re.compile(r"^([a-z]{3})\b|\b([a-z]{3})$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_DECIMAL = re.compile(r"^(\d{1,3}(?:([.,])\d{3})*|\d+)([.,])(\d{1,2})$")


def parse_compensation(text: str, currency: str, period: PayPeriod) -> Compensation:
    """The compensation in `text`; `currency` and `period` apply when the text names none."""
    rest = text.strip().casefold().replace("\u00a0", " ")
    rest, period = _take_period(rest, period)
    rest, currency = _take_currency(rest, currency.upper())
    match = _RANGE.match(rest.strip())
    if match is None:
        raise Refusal("gigs.pay_unreadable", text=text.strip())
    low_text, low_unit, high_text, high_unit = match.groups()
    low = _number(low_text, text)
    if high_text is None:
        return Compensation(currency, _scaled(low, low_unit, text), None, period)
    high = _number(high_text, text)
    if low_unit is None and high_unit is not None and low < high:
        low_unit = high_unit
    minimum, maximum = _scaled(low, low_unit, text), _scaled(high, high_unit, text)
    if minimum > maximum:
        raise Refusal(
            "gigs.pay_min_above_max",
            minimum=f"{low_text}{low_unit or ''}",
            maximum=f"{high_text}{high_unit or ''}",
        )
    return Compensation(currency, minimum, None if maximum == minimum else maximum, period)


def checked_currency(code: str) -> str:
    code = code.strip().upper()
    if code not in list_currencies():
        raise Refusal("gigs.bad_currency", currency=code)
    return code


def to_cents(amount: Decimal) -> int:
    """Hundredths of the currency's unit, whatever its own precision: how the store keeps pay."""
    return int((amount * 100).to_integral_value(ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return _plain(Decimal(cents) / 100)


def _take_period(text: str, period: PayPeriod) -> tuple[str, PayPeriod]:
    match = _PERIOD.search(text)
    if match is None or match.group(1) not in _PERIOD_BY_WORD:
        return text, period
    return text[: match.start()], _PERIOD_BY_WORD[match.group(1)]


def _take_currency(text: str, currency: str) -> tuple[str, str]:
    text = text.strip()
    if text.startswith("rp"):
        return text.removeprefix("rp").lstrip(". "), "IDR"
    match = _CODE.search(text)
    if match is None:
        return text, checked_currency(currency)
    code = (match.group(1) or match.group(2)).upper()
    if code not in list_currencies():
        return text, checked_currency(currency)  # not a code: the amount check will say so
    return text[: match.start()] + text[match.end() :], code


def _number(typed: str, whole: str) -> Decimal:
    if _GROUPED.match(typed):
        return Decimal(re.sub(r"[.,]", "", typed))
    decimal = _DECIMAL.match(typed)
    if decimal is not None:
        whole_part, group_separator, point, fraction = decimal.groups()
        if group_separator == point:
            raise Refusal("gigs.pay_unreadable", text=whole.strip())
        return Decimal(f"{re.sub(r'[.,]', '', whole_part)}.{fraction}")
    if typed.isdigit():
        return Decimal(typed)
    raise Refusal("gigs.pay_unreadable", text=whole.strip())


def _scaled(amount: Decimal, unit: str | None, whole: str) -> Decimal:
    value = amount * _MULTIPLIERS.get(unit or "", Decimal(1))
    # Checked before rounding: quantize refuses numbers wider than its context's precision.
    if value <= 0 or value >= LARGEST_AMOUNT:
        raise Refusal("gigs.pay_unreadable", text=whole.strip())
    return _plain(value.quantize(Decimal("0.01")))


def _plain(amount: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 5000000, 25.5."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()
