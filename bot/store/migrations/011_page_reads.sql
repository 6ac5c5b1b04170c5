-- Reads that cost one page, not the rows that match (see BENCHMARKS.md): tables and indexes
-- kept in the order members are shown, so a page is read from the front of a range and stops.
-- Safe to run again over itself (tests replay it over a migrated database).

-- People by skill, present members only, in ranking order within a skill: availability
-- (open_to_work 0, open_to_collaborate 1, not_available 2: bot/intros/model.py's Availability,
-- declared in that order), then the latest update, then the member. The triggers below keep it
-- equal to profile_skills joined to profiles WHERE departed_at IS NULL.
CREATE TABLE IF NOT EXISTS people_ranked (
    guild_id          INTEGER NOT NULL,
    skill             TEXT    NOT NULL,
    availability_rank INTEGER NOT NULL,
    updated_at        TEXT    NOT NULL,
    user_id           INTEGER NOT NULL,
    PRIMARY KEY (guild_id, skill, availability_rank, updated_at DESC, user_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS people_ranked_by_member
    ON people_ranked (user_id, guild_id, skill);

INSERT OR IGNORE INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
SELECT s.guild_id, s.skill,
       CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1 ELSE 2 END,
       p.updated_at, s.user_id
FROM profile_skills AS s JOIN profiles AS p ON p.guild_id = s.guild_id AND p.user_id = s.user_id
WHERE p.departed_at IS NULL;

CREATE TRIGGER IF NOT EXISTS people_ranked_skill_added
AFTER INSERT ON profile_skills BEGIN
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT new.guild_id, new.skill,
           CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           p.updated_at, new.user_id
    FROM profiles AS p
    WHERE p.guild_id = new.guild_id AND p.user_id = new.user_id AND p.departed_at IS NULL;
END;

CREATE TRIGGER IF NOT EXISTS people_ranked_skill_removed
AFTER DELETE ON profile_skills BEGIN
    DELETE FROM people_ranked
    WHERE guild_id = old.guild_id AND user_id = old.user_id AND skill = old.skill;
END;

-- A skill merged into another renames rows in place.
CREATE TRIGGER IF NOT EXISTS people_ranked_skill_renamed
AFTER UPDATE OF guild_id, user_id, skill ON profile_skills BEGIN
    DELETE FROM people_ranked
    WHERE guild_id = old.guild_id AND user_id = old.user_id AND skill = old.skill;
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT new.guild_id, new.skill,
           CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           p.updated_at, new.user_id
    FROM profiles AS p
    WHERE p.guild_id = new.guild_id AND p.user_id = new.user_id AND p.departed_at IS NULL;
END;

CREATE TRIGGER IF NOT EXISTS people_ranked_profile_changed
AFTER UPDATE OF availability, updated_at, departed_at ON profiles BEGIN
    DELETE FROM people_ranked WHERE guild_id = old.guild_id AND user_id = old.user_id;
    INSERT INTO people_ranked (guild_id, skill, availability_rank, updated_at, user_id)
    SELECT s.guild_id, s.skill,
           CASE new.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
                ELSE 2 END,
           new.updated_at, s.user_id
    FROM profile_skills AS s
    WHERE s.guild_id = new.guild_id AND s.user_id = new.user_id AND new.departed_at IS NULL;
END;

CREATE TRIGGER IF NOT EXISTS people_ranked_profile_removed
AFTER DELETE ON profiles BEGIN
    DELETE FROM people_ranked WHERE guild_id = old.guild_id AND user_id = old.user_id;
END;

-- The board by skill: one row per skill of each published gig, newest first within a skill,
-- carrying the board's other filters so a page and its capped total read only this table.
-- pay_top_cents is the top of the gig's range, the figure a minimum pay filter compares.
-- published_at is '' for a published gig without one, which sorts last as NULL would.
CREATE TABLE IF NOT EXISTS board_skills (
    guild_id      INTEGER NOT NULL,
    skill         TEXT    NOT NULL,
    published_at  TEXT    NOT NULL,
    gig_id        INTEGER NOT NULL,
    engagement    TEXT    NOT NULL,
    location      TEXT    NOT NULL,
    pay_currency  TEXT    NOT NULL,
    pay_top_cents INTEGER NOT NULL,
    PRIMARY KEY (guild_id, skill, published_at DESC, gig_id DESC)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS board_skills_by_gig ON board_skills (gig_id, skill);

INSERT OR IGNORE INTO board_skills
    (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
SELECT g.guild_id, s.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
       g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
FROM gigs AS g JOIN gig_skills AS s ON s.gig_id = g.id
WHERE g.status = 'approved';

CREATE TRIGGER IF NOT EXISTS board_skills_skill_added AFTER INSERT ON gig_skills BEGIN
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT g.guild_id, new.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
           g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
    FROM gigs AS g WHERE g.id = new.gig_id AND g.status = 'approved';
END;

CREATE TRIGGER IF NOT EXISTS board_skills_skill_removed AFTER DELETE ON gig_skills BEGIN
    DELETE FROM board_skills WHERE gig_id = old.gig_id AND skill = old.skill;
END;

CREATE TRIGGER IF NOT EXISTS board_skills_skill_renamed
AFTER UPDATE OF gig_id, skill ON gig_skills BEGIN
    DELETE FROM board_skills WHERE gig_id = old.gig_id AND skill = old.skill;
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT g.guild_id, new.skill, COALESCE(g.published_at, ''), g.id, g.engagement, g.location,
           g.pay_currency, COALESCE(g.pay_max_cents, g.pay_min_cents)
    FROM gigs AS g WHERE g.id = new.gig_id AND g.status = 'approved';
END;

CREATE TRIGGER IF NOT EXISTS board_skills_gig_changed
AFTER UPDATE OF guild_id, status, published_at, engagement, location, pay_currency, pay_min_cents,
    pay_max_cents ON gigs
WHEN old.status = 'approved' OR new.status = 'approved' BEGIN
    DELETE FROM board_skills WHERE gig_id = old.id;
    INSERT INTO board_skills
        (guild_id, skill, published_at, gig_id, engagement, location, pay_currency, pay_top_cents)
    SELECT new.guild_id, s.skill, COALESCE(new.published_at, ''), new.id, new.engagement,
           new.location, new.pay_currency, COALESCE(new.pay_max_cents, new.pay_min_cents)
    FROM gig_skills AS s WHERE s.gig_id = new.id AND new.status = 'approved';
END;

CREATE TRIGGER IF NOT EXISTS board_skills_gig_removed
AFTER DELETE ON gigs WHEN old.status = 'approved' BEGIN
    DELETE FROM board_skills WHERE gig_id = old.id;
END;

-- The board without a skill: published gigs newest first, with every column the filters and
-- the featured check read, so rows that do not match are skipped inside the index.
DROP INDEX IF EXISTS gigs_board;
CREATE INDEX gigs_board ON gigs (guild_id, status, published_at, id, featured_until, engagement,
    location, pay_currency, pay_max_cents, pay_min_cents);

-- Keyword search checks that each hit is a published gig of the hub: from this index, a few
-- bytes a gig, instead of each hit's whole row with its description.
CREATE INDEX IF NOT EXISTS gigs_hub_of ON gigs (id, guild_id, status);
