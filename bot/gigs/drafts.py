"""A draft: exactly what a member typed and chose for a gig, before anything is checked.

A draft is kept whole when a rule refuses it, so the form can be reopened with the member's
own text ("Edit and resend"); it serialises to JSON for the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace


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
