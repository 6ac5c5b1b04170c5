-- PostgreSQL twin of ../019_shard_leases.sql: the lease by name replaces the single row, which
-- becomes the row 'database', as in SQLite (INTEGER as BIGINT). The renamed table's primary
-- key is renamed with it, so its name says the table it belongs to.
CREATE TABLE instance_lease_by_name (
    name         TEXT PRIMARY KEY,
    holder       TEXT   NOT NULL,
    host         TEXT   NOT NULL,
    pid          BIGINT NOT NULL,
    since        TEXT   NOT NULL,
    heartbeat_at TEXT   NOT NULL
);
INSERT INTO instance_lease_by_name (name, holder, host, pid, since, heartbeat_at)
    SELECT 'database', holder, host, pid, since, heartbeat_at FROM instance_lease;
DROP TABLE instance_lease;
ALTER TABLE instance_lease_by_name RENAME TO instance_lease;
ALTER TABLE instance_lease RENAME CONSTRAINT instance_lease_by_name_pkey TO instance_lease_pkey;
CREATE INDEX instance_lease_holder ON instance_lease (holder, heartbeat_at);
