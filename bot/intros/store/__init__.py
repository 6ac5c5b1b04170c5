"""Profiles in the store: the profiles themselves, finding people, skill alerts."""
