-- One running Mozaik per database. The run that holds this single row serves the hubs and
-- renews heartbeat_at while it runs; another run that finds the row held by a live run refuses
-- to start. A row whose heartbeat is older than the grace period (see bot/instance.py) belonged
-- to a run that died, and is taken over. A lease row, rather than a lock on the database file,
-- as a future PostgreSQL store can hold the same row.
CREATE TABLE IF NOT EXISTS instance_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,        -- the run's id, as work claims name it (THIS_RUN)
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    since TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
