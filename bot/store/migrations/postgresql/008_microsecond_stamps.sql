-- PostgreSQL twin of ../008_microsecond_stamps.sql, which rewrites stamps stored to the second
-- ('2026-11-25T10:00:00+00:00') to the microsecond. A PostgreSQL store never held one: its
-- first run applies every migration to empty tables, and every stamp it stores is written by
-- bot/store/stamps.py to the microsecond. Nothing to change; the number stays in step.
-- A script of comments alone is refused by asyncpg, hence one statement that does nothing.
SELECT 1;
