-- PostgreSQL twin of ../011_page_reads.sql: the same two tables kept in ranking order, filled
-- the same way (INSERT OR IGNORE as ON CONFLICT DO NOTHING), and each SQLite trigger as a
-- plpgsql trigger function of the same name doing the same, fired for each row.
--
-- A PostgreSQL PRIMARY KEY takes no sort order, so the keys below hold the same columns without
-- DESC. board_skills' (guild_id, skill, then published_at and gig_id DESC) is read backwards
-- as fast; people_ranked's mixes directions (updated_at DESC between ascending columns), which a
-- B-tree read either way cannot give, so people_ranked_in_order holds that order.
CREATE TABLE IF NOT EXISTS people_ranked (
    guild_id          BIGINT NOT NULL,
    skill             TEXT   NOT NULL,
    availability_rank BIGINT NOT NULL,
    updated_at        TEXT   NOT NULL,
    user_id           BIGINT NOT NULL,
    PRIMARY KEY (guild_id, skill, availability_rank, updated_at, user_id)
);
CREATE INDEX IF NOT EXISTS people_ranked_in_order
    ON people_ranked (guild_id, skill, availability_rank, updated_at DESC, user_id);

CREATE INDEX IF NOT EXISTS people_ranked_by_member
    ON people_ranked (user_id, guild_id, skill);

INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
SELECT s.guild_id, s.skill,
       CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1 ELSE 2 END,
       p.updated_at, s.user_id
FROM profile_skills AS s JOIN profiles AS p ON p.guild_id = s.guild_id AND p.user_id = s.user_id
WHERE p.departed_at IS NULL
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION people_ranked_skill_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT new.guild_id, new.skill,
           CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           p.updated_at, new.user_id
    FROM profiles AS p
    WHERE p.guild_id = new.guild_id AND p.user_id = new.user_id AND p.departed_at IS NULL;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER people_ranked_skill_added AFTER INSERT ON profile_skills
    FOR EACH ROW EXECUTE FUNCTION people_ranked_skill_added();

CREATE OR REPLACE FUNCTION people_ranked_skill_removed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_ranked
    WHERE guild_id = old.guild_id AND user_id = old.user_id AND skill = old.skill;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER people_ranked_skill_removed AFTER DELETE ON profile_skills
    FOR EACH ROW EXECUTE FUNCTION people_ranked_skill_removed();

CREATE OR REPLACE FUNCTION people_ranked_skill_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_ranked
    WHERE guild_id = old.guild_id AND user_id = old.user_id AND skill = old.skill;
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT new.guild_id, new.skill,
           CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           p.updated_at, new.user_id
    FROM profiles AS p
    WHERE p.guild_id = new.guild_id AND p.user_id = new.user_id AND p.departed_at IS NULL;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER people_ranked_skill_renamed
    AFTER UPDATE OF guild_id, user_id, skill ON profile_skills
    FOR EACH ROW EXECUTE FUNCTION people_ranked_skill_renamed();

CREATE OR REPLACE FUNCTION people_ranked_profile_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_ranked WHERE guild_id = old.guild_id AND user_id = old.user_id;
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT s.guild_id, s.skill,
           CASE new.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           new.updated_at, s.user_id
    FROM profile_skills AS s
    WHERE s.guild_id = new.guild_id AND s.user_id = new.user_id AND new.departed_at IS NULL;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER people_ranked_profile_changed
    AFTER UPDATE OF availability, updated_at, departed_at ON profiles
    FOR EACH ROW EXECUTE FUNCTION people_ranked_profile_changed();

CREATE OR REPLACE FUNCTION people_ranked_profile_removed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_ranked WHERE guild_id = old.guild_id AND user_id = old.user_id;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER people_ranked_profile_removed AFTER DELETE ON profiles
    FOR EACH ROW EXECUTE FUNCTION people_ranked_profile_removed();

CREATE TABLE IF NOT EXISTS board_skills (
    guild_id      BIGINT NOT NULL,
    skill         TEXT   NOT NULL,
    published_at  TEXT   NOT NULL,
    gig_id        BIGINT NOT NULL,
    engagement    TEXT   NOT NULL,
    location      TEXT   NOT NULL,
    pay_currency  TEXT   NOT NULL,
    pay_top_cents BIGINT NOT NULL,
    PRIMARY KEY (guild_id, skill, published_at, gig_id)
);

CREATE INDEX IF NOT EXISTS board_skills_by_gig ON board_skills (gig_id, skill);

INSERT INTO board_skills
    (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
SELECT g.guild_id, s.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
       g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
FROM gigs AS g JOIN gig_skills AS s ON s.gig_id = g.id
WHERE g.status = 'approved'
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION board_skills_skill_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT g.guild_id, new.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
           g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
    FROM gigs AS g WHERE g.id = new.gig_id AND g.status = 'approved';
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER board_skills_skill_added AFTER INSERT ON gig_skills
    FOR EACH ROW EXECUTE FUNCTION board_skills_skill_added();

CREATE OR REPLACE FUNCTION board_skills_skill_removed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM board_skills WHERE gig_id = old.gig_id AND skill = old.skill;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER board_skills_skill_removed AFTER DELETE ON gig_skills
    FOR EACH ROW EXECUTE FUNCTION board_skills_skill_removed();

CREATE OR REPLACE FUNCTION board_skills_skill_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM board_skills WHERE gig_id = old.gig_id AND skill = old.skill;
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT g.guild_id, new.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
           g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
    FROM gigs AS g WHERE g.id = new.gig_id AND g.status = 'approved';
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER board_skills_skill_renamed AFTER UPDATE OF gig_id, skill ON gig_skills
    FOR EACH ROW EXECUTE FUNCTION board_skills_skill_renamed();

CREATE OR REPLACE FUNCTION board_skills_gig_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM board_skills WHERE gig_id = old.id;
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT new.guild_id, s.skill, COALESCE(new.published_at, ''), new.id, new.engagement,
           new.location, new.pay_currency, COALESCE(new.pay_max_cents, new.pay_min_cents)
    FROM gig_skills AS s WHERE s.gig_id = new.id AND new.status = 'approved';
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER board_skills_gig_changed
    AFTER UPDATE OF guild_id, status, published_at, engagement, location, pay_currency,
        pay_min_cents, pay_max_cents ON gigs
    FOR EACH ROW WHEN (old.status = 'approved' OR new.status = 'approved')
    EXECUTE FUNCTION board_skills_gig_changed();

CREATE OR REPLACE FUNCTION board_skills_gig_removed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM board_skills WHERE gig_id = old.id;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER board_skills_gig_removed AFTER DELETE ON gigs
    FOR EACH ROW WHEN (old.status = 'approved') EXECUTE FUNCTION board_skills_gig_removed();

DROP INDEX IF EXISTS gigs_board;
CREATE INDEX gigs_board ON gigs (guild_id, status, published_at, id, featured_until, engagement,
    location, pay_currency, pay_max_cents, pay_min_cents);

CREATE INDEX IF NOT EXISTS gigs_hub_of ON gigs (id, guild_id, status);
