"""A published gig as schema.org JobPosting data, the fields Google's job search requires and
recommends (developers.google.com/search/docs/appearance/structured-data/job-posting).

- employmentType from the engagement; jobLocationType TELECOMMUTE for a remote gig, and the
  city as jobLocation for an on-site or hybrid one that names it;
- baseSalary from the structured pay: currency, the amount or range and its unit (HOUR, DAY,
  MONTH); pay for a whole project has no unit in schema.org's list, so it has none here;
- validThrough: when the gig expires (its apply-by day ends it sooner when it names one);
- hiringOrganization is the hub, or the poster as a Person (schema.org takes either) when they
  chose a public page with /intro public on, the same choice that names them on the gig's page;
- directApply is false: a reader applies in the hub on Discord or by the gig's own apply link.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.gigs.model import Engagement, Gig, LocationType, PayPeriod
from bot.gigs.money import to_cents

EMPLOYMENT_TYPES = {
    Engagement.PROJECT: "CONTRACTOR",
    Engagement.HOURLY: "CONTRACTOR",
    Engagement.PART_TIME: "PART_TIME",
    Engagement.FULL_TIME: "FULL_TIME",
    Engagement.RETAINER: "CONTRACTOR",
}
SALARY_UNITS = {PayPeriod.HOUR: "HOUR", PayPeriod.DAY: "DAY", PayPeriod.MONTH: "MONTH"}


def job_posting(
    gig: Gig,
    *,
    hub_name: str,
    hub_url: str,
    gig_url: str,
    skill_names: list[str],
    poster: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The gig's JobPosting; `poster` is the opted-in poster's (name, page address)."""
    terms = gig.terms
    pay = terms.compensation
    amount: dict[str, Any] = {"@type": "QuantitativeValue"}
    if pay.maximum is None:
        amount["value"] = _number(pay.minimum)
    else:
        amount |= {"minValue": _number(pay.minimum), "maxValue": _number(pay.maximum)}
    if pay.period in SALARY_UNITS:
        amount["unitText"] = SALARY_UNITS[pay.period]
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": terms.title,
        "description": terms.description,
        "identifier": {"@type": "PropertyValue", "name": hub_name, "value": str(gig.id)},
        "datePosted": (gig.published_at or gig.created_at).isoformat(),
        "employmentType": EMPLOYMENT_TYPES[terms.engagement],
        "hiringOrganization": (
            {"@type": "Organization", "name": hub_name, "sameAs": hub_url}
            if poster is None
            else {"@type": "Person", "name": poster[0], "url": poster[1]}
        ),
        "baseSalary": {"@type": "MonetaryAmount", "currency": pay.currency, "value": amount},
        "directApply": False,
        "url": gig_url,
        "skills": ", ".join(skill_names),
    }
    if gig.expires_at is not None:
        posting["validThrough"] = gig.expires_at.isoformat()
    if terms.location is LocationType.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
    elif terms.city:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": terms.city},
        }
    return posting


def _number(amount: Decimal) -> int | float:
    cents = to_cents(amount)
    return cents // 100 if cents % 100 == 0 else cents / 100
