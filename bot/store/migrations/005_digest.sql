-- The weekly digest. Times are UTC ISO-8601 text to the second.

-- One run per hub and ISO week, so a digest is posted once however often the bot restarts.
-- A run is written as 'sending', with the digest as composed, BEFORE its first message goes out;
-- each part's message id is recorded once Discord has it. A restart finds a run still 'sending'
-- and sends the parts without an id again, with the same content and the same nonces.
-- 'quiet': nothing was posted in a quiet week (the hub asked for no note);
-- 'missed': the bot came back after the grace period and the week was skipped.
CREATE TABLE digest_runs (
    guild_id    INTEGER NOT NULL,
    iso_week    TEXT    NOT NULL,  -- e.g. "2026-W46", the ISO week of the due date in the hub
    due_at      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('sending', 'sent', 'quiet', 'missed')),
    channel_id  INTEGER,
    digest      TEXT,  -- the composed messages as JSON, while and after they are sent
    created_at  TEXT    NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (guild_id, iso_week)
);
CREATE INDEX digest_runs_unfinished ON digest_runs (status) WHERE status = 'sending';

CREATE TABLE digest_run_messages (
    guild_id   INTEGER NOT NULL,
    iso_week   TEXT    NOT NULL,
    part       INTEGER NOT NULL CHECK (part >= 0),
    message_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, iso_week, part),
    FOREIGN KEY (guild_id, iso_week) REFERENCES digest_runs (guild_id, iso_week) ON DELETE CASCADE
);

-- Members who asked for their own weekly message, in the language they asked in.
CREATE TABLE digest_subscriptions (
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    locale        TEXT    NOT NULL CHECK (locale IN ('en', 'id')),
    subscribed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Each subscriber's message in a run, written like the run: 'sending' before the first part,
-- parts_sent after each, then 'sent'; 'closed' when the member does not accept direct messages,
-- 'failed' when Discord refused for another reason (logged, not retried).
CREATE TABLE digest_deliveries (
    guild_id   INTEGER NOT NULL,
    iso_week   TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('sending', 'sent', 'closed', 'failed')),
    parts_sent INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, iso_week, user_id),
    FOREIGN KEY (guild_id, iso_week) REFERENCES digest_runs (guild_id, iso_week) ON DELETE CASCADE
);
