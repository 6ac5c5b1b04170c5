-- PostgreSQL twin of ../022_digest_run_leases.sql: the same columns, stamps as TEXT.
ALTER TABLE digest_runs ADD COLUMN owner TEXT;
ALTER TABLE digest_runs ADD COLUMN lease_until TEXT;
