-- PostgreSQL twin of ../017_collab_intro_delivery.sql: INTEGER as BIGINT, the same backfill.
ALTER TABLE collab_requests ADD COLUMN publishing_since TEXT;
ALTER TABLE collab_requests ADD COLUMN publishing_by TEXT;
ALTER TABLE collab_requests ADD COLUMN queueing_since TEXT;
ALTER TABLE collab_requests ADD COLUMN queueing_by TEXT;
CREATE INDEX collab_requests_unposted ON collab_requests (status)
    WHERE message_id IS NULL OR queue_message_id IS NULL;

ALTER TABLE profiles ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN posted_revision BIGINT;
ALTER TABLE profiles ADD COLUMN posting_since TEXT;
ALTER TABLE profiles ADD COLUMN posting_by TEXT;
ALTER TABLE profiles ADD COLUMN posts_lost BIGINT NOT NULL DEFAULT 0;
UPDATE profiles SET posted_revision = 0 WHERE post_message_id IS NOT NULL;

CREATE TABLE intro_post_removals (
    channel_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    since      TEXT   NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, message_id)
);

CREATE TABLE collab_drafts (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    form     TEXT   NOT NULL,
    saved_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
