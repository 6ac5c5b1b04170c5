-- What Mozaik still owes Discord about collaboration requests and introductions after a crash,
-- claimed as gigs' work is (007): *_by the run's id, *_since when. A run that takes over the
-- claim of one that died first reads back what that run made, so nothing is posted twice.

-- A request stored (or approved) but not yet posted, or not yet in the moderators' queue.
ALTER TABLE collab_requests ADD COLUMN publishing_since TEXT;
ALTER TABLE collab_requests ADD COLUMN publishing_by TEXT;
ALTER TABLE collab_requests ADD COLUMN queueing_since TEXT;
ALTER TABLE collab_requests ADD COLUMN queueing_by TEXT;
CREATE INDEX collab_requests_unposted ON collab_requests (status)
    WHERE message_id IS NULL OR queue_message_id IS NULL;

-- An introduction saved (revision: counted up by every save) whose post does not show that
-- revision yet (posted_revision) is owed a post, or an edit of its post. posts_lost: posts that
-- vanished and were made again, part of the post's nonce, as Discord refuses a nonce whose
-- message was deleted.
ALTER TABLE profiles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN posted_revision INTEGER;
ALTER TABLE profiles ADD COLUMN posting_since TEXT;
ALTER TABLE profiles ADD COLUMN posting_by TEXT;
ALTER TABLE profiles ADD COLUMN posts_lost INTEGER NOT NULL DEFAULT 0;
-- Introductions posted before this migration show what was saved.
UPDATE profiles SET posted_revision = 0 WHERE post_message_id IS NOT NULL;

-- Posts of removed introductions still to delete in Discord: written with the removal, deleted
-- once Discord says the post is gone, retried until then.
CREATE TABLE intro_post_removals (
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    since      TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, message_id)
);

-- A refused collaboration request's form, kept to offer it again (also after a restart).
CREATE TABLE collab_drafts (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    form     TEXT    NOT NULL,  -- JSON of what the member chose and typed
    saved_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
