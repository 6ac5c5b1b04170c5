"""Collaboration requests: members looking for a partner, co-founder, mentor or buddy.

Pure rules over plain data; the Discord side lives in cogs/collab, the SQL in bot/collab/store.py.
"""
