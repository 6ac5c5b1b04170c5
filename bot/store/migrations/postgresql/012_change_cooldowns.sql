-- PostgreSQL twin of ../012_change_cooldowns.sql: INTEGER as BIGINT.
CREATE TABLE IF NOT EXISTS change_cooldowns (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    change     TEXT   NOT NULL,
    changed_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, user_id, change)
);
