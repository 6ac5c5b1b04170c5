-- PostgreSQL twin of ../009_instance_lease.sql: the single lease row, INTEGER as BIGINT.
CREATE TABLE IF NOT EXISTS instance_lease (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    holder       TEXT   NOT NULL,
    host         TEXT   NOT NULL,
    pid          BIGINT NOT NULL,
    since        TEXT   NOT NULL,
    heartbeat_at TEXT   NOT NULL
);
