-- PostgreSQL twin of ../015_public_board.sql: INTEGER as BIGINT; WITHOUT ROWID has no twin.
CREATE TABLE hub_web (
    guild_id   BIGINT PRIMARY KEY REFERENCES hubs (guild_id) ON DELETE CASCADE,
    public     BIGINT NOT NULL CHECK (public IN (0, 1)),
    name       TEXT   NOT NULL,
    updated_at TEXT   NOT NULL
);

CREATE TABLE public_profiles (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    since    TEXT   NOT NULL,
    PRIMARY KEY (guild_id, user_id),
    FOREIGN KEY (guild_id, user_id) REFERENCES profiles (guild_id, user_id) ON DELETE CASCADE
);
