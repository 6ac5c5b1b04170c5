"""Gig postings: what a gig is, how a draft becomes one, the posting rules and its life cycle.

Plain Python over plain data, no Discord: the cogs in cogs/gigs/ parse, authorise and render;
bot/gigs/store/ keeps the records.
"""
