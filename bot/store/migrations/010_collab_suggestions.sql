-- Members Mozaik suggested to a request's author, with an Invite button for each. An invite is
-- accepted only for a member suggested here: the button's custom id names the member, and a
-- crafted one could otherwise make Mozaik write to anyone in the hub.
CREATE TABLE IF NOT EXISTS collab_suggestions (
    request_id   INTEGER NOT NULL REFERENCES collab_requests (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    suggested_at TEXT    NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
