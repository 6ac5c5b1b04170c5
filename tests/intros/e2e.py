"""What members and admins do in the e2e tests, in a few words each."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.gigs.model import (
    Compensation,
    GigTerms,
    PayPeriod,
)
from bot.sandbox import Member, Reply, Sandbox
from tests.gigs.factories import terms

A_FORM = {
    "headline": "Backend developer for small shops",
    "about": "I build APIs and online shops.",
    "skills": "Python, SEO",
    "links": "https://alice.dev",
    "details": "Rate: 150rb/jam\nLocation: Bandung\nLanguages: Indonesian, English",
}


async def introduce(
    sandbox: Sandbox, member: Member, form: Mapping[str, str] = A_FORM, **options: Any
) -> Reply:
    """The member runs /intro set and submits the form; the reply once it is complete."""
    opened = await sandbox.slash(member, "intro set", **options)
    submitted = await sandbox.submit_modal(member, opened, form)
    if submitted.deferred:
        await submitted.wait_followup()
    return submitted


def gig_terms(*skills: str) -> GigTerms:
    return terms(
        title="Shop front end",
        description="A storefront for our coffee.",
        skills=skills,
        compensation=Compensation("IDR", Decimal(5_000_000), None, PayPeriod.PROJECT),
    )
