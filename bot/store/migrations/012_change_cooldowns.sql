-- When each member last changed something Mozaik had made public, per kind of change (a gig
-- edited, an introduction updated): the next change of that kind waits the hub's pause between
-- posts (bot/hubs/pause.py).
CREATE TABLE IF NOT EXISTS change_cooldowns (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    change     TEXT    NOT NULL,
    changed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, change)
);
