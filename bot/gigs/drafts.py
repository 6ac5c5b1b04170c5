"""A draft: exactly what a member typed and chose for a gig, before anything is checked.

A draft is kept whole when a rule refuses it, so the form can be reopened with the member's
own text ("Edit and resend"); it serialises to JSON for the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from bot.gigs.model import GigTerms


@dataclass(frozen=True)
class GigDraft:
    # Chosen with the command's options.
    kind: str
    engagement: str
    location: str
    level: str
    period: str | None = None  # None: the engagement's usual period
    currency: str | None = None  # None: the hub's currency
    city: str | None = None
    delivery_days: int | None = None
    # Typed in the form.
    title: str = ""
    description: str = ""
    skills: str = ""
    pay: str = ""
    apply: str = ""  # apply-by date and/or an https link, both optional

    def with_form(
        self, *, title: str, description: str, skills: str, pay: str, apply: str
    ) -> GigDraft:
        return replace(
            self, title=title, description=description, skills=skills, pay=pay, apply=apply
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> GigDraft:
        return cls(**json.loads(text))


def draft_of(terms: GigTerms, skill_names: list[str]) -> GigDraft:
    """The draft that reproduces a gig's terms: what the edit form opens with."""
    pay = terms.compensation
    amount = f"{pay.minimum}" if pay.maximum is None else f"{pay.minimum}-{pay.maximum}"
    apply_by = terms.apply_by.isoformat() if terms.apply_by is not None else ""
    return GigDraft(
        kind=terms.kind.value,
        engagement=terms.engagement.value,
        location=terms.location.value,
        level=terms.level.value,
        period=pay.period.value,
        currency=pay.currency,
        city=terms.city,
        delivery_days=terms.delivery_days,
        title=terms.title,
        description=terms.description,
        skills=", ".join(skill_names),
        pay=amount,
        apply=" ".join(part for part in (apply_by, terms.apply_url or "") if part),
    )
