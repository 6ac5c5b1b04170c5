"""Pay as a member reads it: one format for every gig card, list, profile and message.

Amounts follow the reader's locale (CLDR, through Babel): "Rp5.000.000 – Rp8.000.000 per proyek"
for an Indonesian reader, "IDR5,000,000 – IDR8,000,000 for the project" for an English one. An
amount without cents is shown without them ("$25", not "$25.00").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from babel import Locale as BabelLocale
from babel.numbers import format_currency, get_currency_precision

from bot.gigs.model import Compensation
from bot.i18n import FALLBACK, Locale, as_locale, t


def money(amount: Decimal, currency: str, locale: Locale) -> str:
    if amount == amount.to_integral_value() and get_currency_precision(currency) > 0:
        whole = _whole_pattern(locale)
        return format_currency(amount, currency, whole, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


@cache
def _whole_pattern(locale: Locale) -> str:
    """The locale's own currency pattern without its fraction digits: "¤#,##0.00" -> "¤#,##0"."""
    standard = BabelLocale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", standard)


def pay_text(pay: Compensation, reader: str) -> str:
    """ "Rp5.000.000 – Rp8.000.000 per proyek": the pay and what it is for, in `reader`'s locale."""
    locale = as_locale(reader) or FALLBACK
    amount = money(pay.minimum, pay.currency, locale)
    if pay.maximum is not None:
        amount = f"{amount} – {money(pay.maximum, pay.currency, locale)}"
    return t(locale, f"gigs.per_{pay.period.value}", amount=amount)
