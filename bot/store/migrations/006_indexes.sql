-- Indexes and a narrower search index, for hubs with years of gigs (see BENCHMARKS.md).

-- sqlite only: PostgreSQL's keyword index is made partial in postgresql/006_indexes.sql.
-- Keyword search only ever shows published gigs, a few percent of a hub's history once years of
-- closed gigs pile up; an index of every gig made a search for a common word rank a million rows
-- to show ten. gigs_fts now holds the gigs that are published ('approved') and nothing else:
-- the triggers add a gig when it is published and take it out when it leaves that state.
-- Never run its 'rebuild' command: that would index every row of gigs again. The table stays as
-- 002 made it; 'delete-all' empties its index without reading gigs, before the published refill.
DROP TRIGGER gigs_fts_after_insert;
DROP TRIGGER gigs_fts_after_delete;
DROP TRIGGER gigs_fts_after_update;
INSERT INTO gigs_fts (gigs_fts) VALUES ('delete-all');

INSERT INTO gigs_fts (rowid, title, description)
SELECT id, title, description FROM gigs WHERE status = 'approved';

CREATE TRIGGER gigs_fts_after_insert AFTER INSERT ON gigs WHEN new.status = 'approved' BEGIN
    INSERT INTO gigs_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TRIGGER gigs_fts_after_delete AFTER DELETE ON gigs WHEN old.status = 'approved' BEGIN
    INSERT INTO gigs_fts (gigs_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;

-- One trigger, so the old text always leaves before the new one enters.
CREATE TRIGGER gigs_fts_after_update AFTER UPDATE OF status, title, description ON gigs
WHEN old.status = 'approved' OR new.status = 'approved' BEGIN
    INSERT INTO gigs_fts (gigs_fts, rowid, title, description)
    SELECT 'delete', old.id, old.title, old.description WHERE old.status = 'approved';
    INSERT INTO gigs_fts (rowid, title, description)
    SELECT new.id, new.title, new.description WHERE new.status = 'approved';
END;
-- end sqlite only

-- The digest's week: gigs published, and gigs closed, in a hub between two instants, whatever
-- their state now (gigs_board leads with the state, so these read every gig of the hub).
CREATE INDEX gigs_published ON gigs (guild_id, published_at);
CREATE INDEX gigs_closed ON gigs (guild_id, closed_at);

-- The board's featured gigs, without reading every published gig to find the few.
CREATE INDEX gigs_featured ON gigs (guild_id, status, featured_until);

-- Finding people by skill and counting the skills a hub offers join each skill row to its member:
-- this index answers that join by itself (present or departed, availability, last update, name,
-- headline), instead of reading each member's whole row with their introduction's text.
CREATE INDEX profiles_ranked
    ON profiles (guild_id, user_id, departed_at, availability, updated_at, display_name, headline);
