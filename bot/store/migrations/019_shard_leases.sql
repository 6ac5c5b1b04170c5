-- A lease per shard beside the whole database's: a run serving shards 0-3 of 8 holds the rows
-- 'shard 0 of 8' .. 'shard 3 of 8', an unsharded run the one row 'database' (the row 009 kept
-- as id 1). The same rules hold for every row: renewed by its holder, taken over after the grace
-- period (bot/instance.py), and work claims ask whether their holder still holds any row.
CREATE TABLE instance_lease_by_name (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,        -- the run's id, as work claims name it (THIS_RUN)
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    since TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
INSERT INTO instance_lease_by_name (name, holder, host, pid, since, heartbeat_at)
    SELECT 'database', holder, host, pid, since, heartbeat_at FROM instance_lease;
DROP TABLE instance_lease;
ALTER TABLE instance_lease_by_name RENAME TO instance_lease;
CREATE INDEX instance_lease_holder ON instance_lease (holder, heartbeat_at);
