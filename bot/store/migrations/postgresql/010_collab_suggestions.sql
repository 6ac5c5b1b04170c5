-- PostgreSQL twin of ../010_collab_suggestions.sql: INTEGER as BIGINT.
CREATE TABLE IF NOT EXISTS collab_suggestions (
    request_id   BIGINT NOT NULL REFERENCES collab_requests (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL,
    suggested_at TEXT   NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
