from decimal import Decimal

import pytest

from bot.errors import Refusal
from bot.gigs.model import PayPeriod
from bot.gigs.money import from_cents, parse_compensation, to_cents


@pytest.mark.parametrize(
    ("typed", "minimum", "maximum"),
    [
        ("5000000-8000000", 5_000_000, 8_000_000),
        ("5jt–8jt", 5_000_000, 8_000_000),
        ("5-8jt", 5_000_000, 8_000_000),
        ("Rp 5.000.000 - 8.000.000", 5_000_000, 8_000_000),
        ("5,000,000 to 8,000,000", 5_000_000, 8_000_000),
        ("500rb sampai 1jt", 500_000, 1_000_000),
        ("500000-1jt", 500_000, 1_000_000),
        ("2,5jt", 2_500_000, None),
        ("1.5k", 1_500, None),
        ("750 ribu", 750_000, None),
        ("1.500", 1_500, None),
        ("7jt-7jt", 7_000_000, None),
    ],
)
def test_amounts_and_ranges_are_read_as_members_write_them(typed, minimum, maximum):
    pay = parse_compensation(typed, "IDR", PayPeriod.PROJECT)
    assert pay.minimum == minimum
    assert pay.maximum == (None if maximum is None else Decimal(maximum))
    assert pay.currency == "IDR"


def test_decimals_survive_with_either_decimal_mark():
    assert parse_compensation("25.50", "USD", PayPeriod.HOUR).minimum == Decimal("25.5")
    assert parse_compensation("25,50", "USD", PayPeriod.HOUR).minimum == Decimal("25.5")
    assert parse_compensation("1,500.75", "USD", PayPeriod.HOUR).minimum == Decimal("1500.75")


def test_a_currency_or_period_in_the_text_wins_over_the_chosen_one():
    pay = parse_compensation("USD 25-40 / hour", "IDR", PayPeriod.PROJECT)
    assert (pay.currency, pay.period) == ("USD", PayPeriod.HOUR)
    assert parse_compensation("150rb per hari", "IDR", PayPeriod.PROJECT).period is PayPeriod.DAY
    assert parse_compensation("Rp 5jt", "USD", PayPeriod.PROJECT).currency == "IDR"


def test_minimum_above_maximum_is_refused_with_both_amounts_as_typed():
    with pytest.raises(Refusal) as refused:
        parse_compensation("8jt-5jt", "IDR", PayPeriod.PROJECT)
    assert refused.value.key == "gigs.pay_min_above_max"
    assert refused.value.params == {"minimum": "8jt", "maximum": "5jt"}


@pytest.mark.parametrize("typed", ["", "negotiable", "nego", "0", "5jt-", "1.2.3", "-5"])
def test_pay_that_is_not_an_amount_is_refused(typed):
    with pytest.raises(Refusal) as refused:
        parse_compensation(typed, "IDR", PayPeriod.PROJECT)
    assert refused.value.key == "gigs.pay_unreadable"


def test_an_unknown_currency_is_refused():
    with pytest.raises(Refusal) as refused:
        parse_compensation("100", "XYZ", PayPeriod.PROJECT)
    assert refused.value.key == "gigs.bad_currency"


def test_cents_round_trip_without_exponents():
    assert to_cents(Decimal("25.5")) == 2550
    assert str(from_cents(500_000_000)) == "5000000"
    assert str(from_cents(2550)) == "25.5"
