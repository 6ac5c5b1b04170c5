"""Mozaik: the opportunity market of a portfolio-career hub on Discord."""
