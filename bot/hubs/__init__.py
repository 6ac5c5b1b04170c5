"""Hubs: a hub's settings, the rules of /hub setup, and who moderates it.

Plain Python over plain data, no Discord: cogs/hubs/ parses, authorises and renders;
bot/hubs/store.py keeps the settings.
"""
