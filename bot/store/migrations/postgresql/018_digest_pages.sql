-- PostgreSQL twin of ../018_digest_pages.sql: INTEGER as BIGINT, and skills_offered's two
-- SQLite triggers as plpgsql trigger functions of the same names, fired for each row of
-- people_ranked that comes or goes.
CREATE INDEX gigs_closing ON gigs (guild_id, status, expires_at);

DROP INDEX IF EXISTS gig_interests_untold;
CREATE INDEX gig_interests_untold ON gig_interests (at, gig_id, user_id)
    WHERE poster_told_at IS NULL;

CREATE INDEX collab_requests_matched ON collab_requests (guild_id, matched_at);

CREATE TABLE skills_offered (
    guild_id BIGINT NOT NULL,
    skill    TEXT   NOT NULL,
    members  BIGINT NOT NULL CHECK (members > 0),
    PRIMARY KEY (guild_id, skill)
);

INSERT INTO skills_offered (guild_id, skill, members)
SELECT guild_id, skill, COUNT(*) FROM people_ranked GROUP BY guild_id, skill;

CREATE FUNCTION skills_offered_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO skills_offered (guild_id, skill, members) VALUES (new.guild_id, new.skill, 1)
    ON CONFLICT (guild_id, skill) DO UPDATE SET members = skills_offered.members + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER skills_offered_added AFTER INSERT ON people_ranked
    FOR EACH ROW EXECUTE FUNCTION skills_offered_added();

CREATE FUNCTION skills_offered_removed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM skills_offered
    WHERE guild_id = old.guild_id AND skill = old.skill AND members = 1;
    UPDATE skills_offered SET members = members - 1
    WHERE guild_id = old.guild_id AND skill = old.skill;
    RETURN NULL;
END $$;
CREATE TRIGGER skills_offered_removed AFTER DELETE ON people_ranked
    FOR EACH ROW EXECUTE FUNCTION skills_offered_removed();
