-- PostgreSQL's own part of ../019_shard_leases.sql: the renamed table's primary key is renamed
-- with it, so its name says the table it belongs to.
ALTER TABLE instance_lease RENAME CONSTRAINT instance_lease_by_name_pkey TO instance_lease_pkey;
