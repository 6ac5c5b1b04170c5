"""The reputation feature's SQL: engagements (and what members wrote of each other)."""
