"""Reputation a member carries: work confirmed by both sides, what they wrote of each other."""
