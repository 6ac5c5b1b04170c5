-- The public board on the web (bot/web): off for every hub until its admin turns it on with
-- /hub setup web:on. The hub's name is kept as it was then, for the pages (no Discord there).
CREATE TABLE hub_web (
    guild_id   INTEGER PRIMARY KEY REFERENCES hubs (guild_id) ON DELETE CASCADE,
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    name       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Members who chose /intro public on: their name, portfolio page and gigs' poster line may be
-- shown on the web. Removing the introduction removes the choice with it.
CREATE TABLE public_profiles (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    since    TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES profiles (guild_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
