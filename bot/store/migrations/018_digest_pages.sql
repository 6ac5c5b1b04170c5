-- The digest reads the page each section shows, not the week (see BENCHMARKS.md).

-- Closing soon: a hub's published gigs by the end of their time, soonest first, so the section's
-- first page and its count are one range of this index (gigs_expiring leads with the status and
-- walks every hub's gigs).
CREATE INDEX gigs_closing ON gigs (guild_id, status, expires_at);

-- Interests not passed on yet, oldest first, read in batches from where the last one ended
-- (the order untold_interests reads them: at, then gig and member, unique together).
DROP INDEX IF EXISTS gig_interests_untold;
CREATE INDEX gig_interests_untold ON gig_interests (at, gig_id, user_id)
    WHERE poster_told_at IS NULL;

-- The week's matches, counted along the hub's matching times instead of every request it has.
CREATE INDEX collab_requests_matched ON collab_requests (guild_id, matched_at);

-- How many present members offer each skill, for the digest's "on offer": kept by people_ranked's
-- own rows coming and going (one row per skill of each present member), so the digest reads a
-- hub's few hundred skills, not its members' hundreds of thousands of rows.
CREATE TABLE skills_offered (
    guild_id INTEGER NOT NULL,
    skill    TEXT    NOT NULL,
    members  INTEGER NOT NULL CHECK (members > 0),
    PRIMARY KEY (guild_id, skill)
) WITHOUT ROWID;

INSERT INTO skills_offered (guild_id, skill, members)
SELECT guild_id, skill, COUNT(*) FROM people_ranked GROUP BY guild_id, skill;

-- sqlite only: PostgreSQL's names the table's members, as `excluded` has them too.
CREATE TRIGGER skills_offered_added AFTER INSERT ON people_ranked BEGIN
    INSERT INTO skills_offered (guild_id, skill, members) VALUES (new.guild_id, new.skill, 1)
    ON CONFLICT (guild_id, skill) DO UPDATE SET members = members + 1;
END;
-- end sqlite only

CREATE TRIGGER skills_offered_removed AFTER DELETE ON people_ranked BEGIN
    DELETE FROM skills_offered
    WHERE guild_id = old.guild_id AND skill = old.skill AND members = 1;
    UPDATE skills_offered SET members = members - 1
    WHERE guild_id = old.guild_id AND skill = old.skill;
END;
