-- PostgreSQL's own part of ../018_digest_pages.sql: skills_offered_added's counter names its
-- table, as an ON CONFLICT update sees the row it would have inserted (excluded) beside it.
CREATE FUNCTION skills_offered_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO skills_offered (guild_id, skill, members) VALUES (new.guild_id, new.skill, 1)
    ON CONFLICT (guild_id, skill) DO UPDATE SET members = skills_offered.members + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER skills_offered_added AFTER INSERT ON people_ranked
    FOR EACH ROW EXECUTE FUNCTION skills_offered_added();
