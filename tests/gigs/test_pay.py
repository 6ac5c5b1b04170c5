"""One way to show pay, in the reader's locale, for gig cards, lists and profile rates."""

from decimal import Decimal

import pytest

from bot.gigs.model import Compensation, PayPeriod
from bot.gigs.pay import pay_text

A_PROJECT = ("IDR", 5_000_000, 8_000_000)


@pytest.mark.parametrize(
    ("pay", "reader", "shown"),
    [
        ((*A_PROJECT, PayPeriod.PROJECT), "id", "Rp5.000.000 – Rp8.000.000 per proyek"),
        ((*A_PROJECT, PayPeriod.PROJECT), "en-GB", "IDR5,000,000 – IDR8,000,000 for the project"),
        (("IDR", 150_000, None, PayPeriod.HOUR), "id", "Rp150.000 per jam"),
        (("IDR", 150_000, None, PayPeriod.HOUR), "en-US", "IDR150,000 an hour"),
        (("USD", 25, 40, PayPeriod.HOUR), "en-US", "$25 – $40 an hour"),
        (("USD", Decimal("12.5"), None, PayPeriod.DAY), "id", "US$12,50 per hari"),
    ],
)
def test_pay_reads_the_readers_way(pay, reader, shown):
    currency, low, high, period = pay
    maximum = None if high is None else Decimal(high)
    assert pay_text(Compensation(currency, Decimal(low), maximum, period), reader) == shown
