-- Collaboration requests: "looking for a partner with these skills for this project".
-- Times are UTC ISO-8601 text with microseconds, so text order is time order.
CREATE TABLE collab_requests (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    requester_id     INTEGER NOT NULL,
    requester_locale TEXT    NOT NULL CHECK (requester_locale IN ('en', 'id')),  -- for their DMs
    title            TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    description      TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 1500),
    kind             TEXT    NOT NULL CHECK (kind IN ('project_partner', 'co_founder', 'mentor',
                                                      'mentee', 'buddy', 'referral', 'other')),
    commitment       TEXT    NOT NULL CHECK (length(commitment) BETWEEN 1 AND 100),
    compensation     TEXT    NOT NULL CHECK (compensation IN ('paid', 'unpaid', 'equity',
                                                              'revenue_share', 'to_discuss')),
    partners_wanted  INTEGER NOT NULL CHECK (partners_wanted BETWEEN 1 AND 10),
    partners_found   INTEGER NOT NULL DEFAULT 0 CHECK (partners_found BETWEEN 0 AND partners_wanted),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'open', 'matched', 'closed',
                                                        'expired', 'rejected')),
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    posted_at        TEXT,
    matched_at       TEXT,
    closed_at        TEXT,
    -- Where the request is published: the message in a text channel, or a forum post.
    channel_id       INTEGER,
    message_id       INTEGER,
    thread_id        INTEGER,
    -- The moderators' copy, when the hub routes requests through the queue.
    queue_channel_id INTEGER,
    queue_message_id INTEGER
);
CREATE INDEX collab_requests_by_hub ON collab_requests (guild_id, status, posted_at);
CREATE INDEX collab_requests_by_requester ON collab_requests (guild_id, requester_id);
CREATE INDEX collab_requests_by_expiry ON collab_requests (status, expires_at);

-- The skills a request wants, as taxonomy slugs, in the order asked; /skills merge rewrites them.
-- rowid: the order asked.
CREATE TABLE collab_skills (
    request_id INTEGER NOT NULL REFERENCES collab_requests (id) ON DELETE CASCADE,
    skill      TEXT    NOT NULL,
    PRIMARY KEY (request_id, skill)
);
CREATE INDEX collab_skills_by_skill ON collab_skills (skill);

-- "I'm in": one answer per member per request, and what the requester made of it.
CREATE TABLE collab_answers (
    request_id INTEGER NOT NULL REFERENCES collab_requests (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    locale     TEXT    NOT NULL CHECK (locale IN ('en', 'id')),  -- the member's, for their DMs
    status     TEXT    NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at TEXT    NOT NULL,
    decided_at TEXT,
    thread_id  INTEGER,  -- the thread opened for the requester and this member on acceptance
    UNIQUE (request_id, user_id)
);

-- Members the requester invited from the suggestions: each at most once per request.
CREATE TABLE collab_invites (
    request_id INTEGER NOT NULL REFERENCES collab_requests (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    invited_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
