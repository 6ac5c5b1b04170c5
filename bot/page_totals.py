"""A page's total: exact up to COUNT_CAP, beyond it only "more than COUNT_CAP".

Counting every match of a common skill or word costs what reading them all costs; a member
paging through results needs the first thousand counted, not the fifty thousandth.
"""

from __future__ import annotations

COUNT_CAP = 1_000


def is_capped(total: int) -> bool:
    """True when `total` stands for "more than COUNT_CAP" rather than an exact count."""
    return total > COUNT_CAP
