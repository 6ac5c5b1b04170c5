-- PostgreSQL's own part of ../021_reputation.sql. SQLite rebuilds people_ranked with the column
-- unendorsed in its key; PostgreSQL alters the table in place, reaching the same table. Its
-- rows, all made before any endorsement, keep unendorsed = 1 as the rebuild would give them,
-- and skills_offered's triggers (018) stay on the table, so no row moves. The trigger functions
-- are replaced by the SQLite file's triggers, which read the view below.

-- The key without DESC, and people_ranked_in_order with it, as in 011.
ALTER TABLE people_ranked
    ADD COLUMN unendorsed BIGINT NOT NULL DEFAULT 1 CHECK (unendorsed IN (0, 1)),
    DROP CONSTRAINT people_ranked_pkey,
    ADD PRIMARY KEY (guild_id, skill, unendorsed, availability_rank, updated_at, user_id);
DROP INDEX people_ranked_in_order;
CREATE INDEX people_ranked_in_order
    ON people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at DESC, user_id);

-- unendorsed as 0 or 1 like the column it fills (SQLite's NOT EXISTS is already an integer).
CREATE VIEW people_ranking AS
SELECT s.guild_id, s.skill,
       CASE WHEN EXISTS (SELECT 1 FROM endorsements AS e WHERE e.guild_id = s.guild_id
                         AND e.member_id = s.user_id AND e.skill = s.skill) THEN 0
            ELSE 1 END AS unendorsed,
       CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
            ELSE 2 END AS availability_rank,
       p.updated_at, s.user_id
FROM profile_skills AS s JOIN profiles AS p ON p.guild_id = s.guild_id AND p.user_id = s.user_id
WHERE p.departed_at IS NULL;
