"""Gigs in the store: records, claims on the work owed to Discord, reading many, drafts,
posting bans and members' responses."""
