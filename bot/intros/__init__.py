"""Member profiles: what an introduction holds, how the form is checked, how people are found.

Plain Python over plain data, no Discord: cogs/intros/ parses, authorises and renders;
bot/intros/store.py keeps the records.
"""
