-- The outbox: every direct message Mozaik owes many members (a skill alert to each matching
-- member, each part of a subscriber's own weekly digest, a poster's reminder that their gig
-- expires soon, a collaboration invitation), one row per recipient and item, written in the transaction that decides it and
-- sent in the background at a pace Discord allows (cogs/outbox.py). The UNIQUE key makes it
-- once per recipient and item however often the deciding code runs.
--
-- A letter being sent is claimed by one run (sending_by, sending_since, as work on gigs is); a
-- letter tried before (attempts > 0) is looked for in the member's DMs before it is sent again,
-- as Discord remembers a nonce for a few minutes only.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,  -- skill_alert, personal_digest, gig_reminder, collab_invite
    guild_id      INTEGER NOT NULL,
    item_id       INTEGER NOT NULL,  -- the gig; the week and part; gig and period; request
    user_id       INTEGER NOT NULL,  -- who it goes to
    locale        TEXT    NOT NULL CHECK (locale IN ('en', 'id')),
    detail        TEXT    NOT NULL DEFAULT '',  -- the skills matched; the part as composed
    -- 'waiting': to send (again) from due_at on; 'sent'; 'closed': the member does not accept
    -- DMs from Mozaik (50007); 'failed': Discord refused it otherwise, or it was tried too often;
    -- 'dropped': no longer worth sending (the gig closed, the member left).
    status        TEXT    NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'sent', 'closed', 'failed', 'dropped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    due_at        TEXT    NOT NULL,
    sending_since TEXT,
    sending_by    TEXT,
    created_at    TEXT    NOT NULL,
    finished_at   TEXT,
    message_id    INTEGER,
    error         TEXT,  -- why it failed or was retried last, as Discord said it
    UNIQUE (kind, guild_id, item_id, user_id)
);
CREATE INDEX outbox_waiting ON outbox (due_at) WHERE status = 'waiting';
CREATE INDEX outbox_by_member ON outbox (guild_id, user_id);

-- The skill alerts sent before the outbox are its first letters, so none goes out twice.
INSERT INTO outbox (kind, guild_id, item_id, user_id, locale, status, due_at, created_at,
                    finished_at)
SELECT 'skill_alert', a.guild_id, a.gig_id, a.user_id, coalesce(p.locale, 'en'), 'sent',
       a.sent_at, a.sent_at, a.sent_at
FROM sent_skill_alerts AS a
LEFT JOIN profiles AS p ON p.guild_id = a.guild_id AND p.user_id = a.user_id;
DROP TABLE sent_skill_alerts;

-- So are the subscribers' own weekly messages: each part a member was sent, by the part's item
-- (bot/digest/personal.py letter_item: "2026-W46" part 1 -> 20264601).
INSERT INTO outbox (kind, guild_id, item_id, user_id, locale, status, due_at, created_at,
                    finished_at)
WITH RECURSIVE parts (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM parts WHERE n < 9)
SELECT 'personal_digest', d.guild_id,
       (CAST(substr(d.iso_week, 1, 4) AS INTEGER) * 100
        + CAST(substr(d.iso_week, 7) AS INTEGER)) * 100 + parts.n,
       d.user_id, coalesce(s.locale, 'en'),
       CASE WHEN d.status = 'closed' THEN 'closed' WHEN d.status = 'failed' THEN 'failed'
            ELSE 'sent' END,
       d.updated_at, d.updated_at, d.updated_at
FROM digest_deliveries AS d JOIN parts ON parts.n < d.parts_sent OR parts.n = 0
LEFT JOIN digest_subscriptions AS s ON s.guild_id = d.guild_id AND s.user_id = d.user_id
WHERE d.status != 'sending' OR parts.n < d.parts_sent;
DROP TABLE digest_deliveries;
