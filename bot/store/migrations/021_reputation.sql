-- Work done through the hub, as both sides confirmed it: a gig's poster names who did it (their
-- yes is the naming), a matched collaboration asks both sides. An engagement is completed when
-- both said yes (confirmed_at), and never when either said no (declined_at).
CREATE TABLE engagements (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('gig', 'collab')),
    source_id    INTEGER NOT NULL,  -- the gig's or the collaboration request's number
    asker_id     INTEGER NOT NULL,  -- the gig's poster, the request's author
    member_id    INTEGER NOT NULL,  -- who they name: the member who did the gig, the partner
    asked_at     TEXT    NOT NULL,
    asker_yes_at  TEXT,
    member_yes_at TEXT,
    confirmed_at TEXT,
    declined_at  TEXT,
    CHECK (asker_id <> member_id),
    UNIQUE (kind, source_id, asker_id, member_id)
);
CREATE INDEX engagements_by_member ON engagements (guild_id, member_id, confirmed_at);
CREATE INDEX engagements_by_asker ON engagements (guild_id, asker_id, confirmed_at);
CREATE INDEX engagements_by_week ON engagements (guild_id, confirmed_at);

-- What one side of a confirmed engagement wrote of the other: shown only once its receiver
-- approves it ('shown'), hidden again at their word, removed by a moderator with a reason.
CREATE TABLE testimonials (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    engagement_id  INTEGER NOT NULL REFERENCES engagements (id),
    author_id      INTEGER NOT NULL,
    receiver_id    INTEGER NOT NULL,
    body           TEXT    NOT NULL,
    written_at     TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'waiting'
        CHECK (status IN ('waiting', 'shown', 'hidden', 'removed')),
    decided_at     TEXT,
    removed_by     INTEGER,
    removed_reason TEXT,
    UNIQUE (engagement_id, author_id)
);
CREATE INDEX testimonials_of_receiver ON testimonials (guild_id, receiver_id, status, decided_at);

-- Skills one side of a confirmed engagement vouches for in the other: one row per skill, each
-- counterpart once (a member's later engagements with the same person add nothing).
CREATE TABLE endorsements (
    guild_id     INTEGER NOT NULL,
    endorser_id  INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    skill        TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    PRIMARY KEY (guild_id, member_id, skill, endorser_id)
) WITHOUT ROWID;

-- /intro find ranks, at equal match, a member endorsed for a skill above one who only declares
-- it (bot/intros/search.py): people_ranked keeps that first in a skill's order, so a page is
-- still read from the front of a range. Rebuilt with the column, its triggers with it.
-- sqlite only: PostgreSQL alters the table in place (postgresql/021_reputation.sql).
DROP TRIGGER IF EXISTS people_ranked_skill_added;
DROP TRIGGER IF EXISTS people_ranked_skill_renamed;
DROP TRIGGER IF EXISTS people_ranked_profile_changed;
DROP TABLE people_ranked;
CREATE TABLE people_ranked (
    guild_id          INTEGER NOT NULL,
    skill             TEXT    NOT NULL,
    unendorsed        INTEGER NOT NULL DEFAULT 1 CHECK (unendorsed IN (0, 1)),
    availability_rank INTEGER NOT NULL,
    updated_at        TEXT    NOT NULL,
    user_id           INTEGER NOT NULL,
    PRIMARY KEY (guild_id, skill, unendorsed, availability_rank, updated_at DESC, user_id)
) WITHOUT ROWID;
CREATE INDEX people_ranked_by_member ON people_ranked (user_id, guild_id, skill);

-- unendorsed, 0 or 1: PostgreSQL's NOT EXISTS is a boolean (postgresql/021_reputation.sql).
CREATE VIEW people_ranking AS
SELECT s.guild_id, s.skill,
       NOT EXISTS (SELECT 1 FROM endorsements AS e WHERE e.guild_id = s.guild_id
                   AND e.member_id = s.user_id AND e.skill = s.skill) AS unendorsed,
       CASE p.availability WHEN 'open_to_work' THEN 0 WHEN 'open_to_collaborate' THEN 1
            ELSE 2 END AS availability_rank,
       p.updated_at, s.user_id
FROM profile_skills AS s JOIN profiles AS p ON p.guild_id = s.guild_id AND p.user_id = s.user_id
WHERE p.departed_at IS NULL;

INSERT INTO people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at, user_id)
SELECT guild_id, skill, unendorsed, availability_rank, updated_at, user_id FROM people_ranking;
-- end sqlite only

CREATE TRIGGER people_ranked_skill_added
AFTER INSERT ON profile_skills BEGIN
    INSERT INTO people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at, user_id)
    SELECT guild_id, skill, unendorsed, availability_rank, updated_at, user_id
    FROM people_ranking
    WHERE guild_id = new.guild_id AND user_id = new.user_id AND skill = new.skill;
END;

CREATE TRIGGER people_ranked_skill_renamed
AFTER UPDATE OF guild_id, user_id, skill ON profile_skills BEGIN
    DELETE FROM people_ranked
    WHERE guild_id = old.guild_id AND user_id = old.user_id AND skill = old.skill;
    INSERT INTO people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at, user_id)
    SELECT guild_id, skill, unendorsed, availability_rank, updated_at, user_id
    FROM people_ranking
    WHERE guild_id = new.guild_id AND user_id = new.user_id AND skill = new.skill;
END;

CREATE TRIGGER people_ranked_profile_changed
AFTER UPDATE OF availability, updated_at, departed_at ON profiles BEGIN
    DELETE FROM people_ranked WHERE guild_id = old.guild_id AND user_id = old.user_id;
    INSERT INTO people_ranked (guild_id, skill, unendorsed, availability_rank, updated_at, user_id)
    SELECT guild_id, skill, unendorsed, availability_rank, updated_at, user_id
    FROM people_ranking
    WHERE guild_id = new.guild_id AND user_id = new.user_id;
END;

CREATE TRIGGER people_ranked_endorsed
AFTER INSERT ON endorsements BEGIN
    UPDATE people_ranked SET unendorsed = 0
    WHERE guild_id = new.guild_id AND user_id = new.member_id AND skill = new.skill;
END;

-- sqlite only: PostgreSQL's table, altered in place, kept them.
-- Dropping people_ranked dropped the triggers that keep skills_offered (018) from its rows: the
-- same again on the rebuilt table, whose rows are the same members' skills as before.
CREATE TRIGGER skills_offered_added AFTER INSERT ON people_ranked BEGIN
    INSERT INTO skills_offered (guild_id, skill, members) VALUES (new.guild_id, new.skill, 1)
    ON CONFLICT (guild_id, skill) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER skills_offered_removed AFTER DELETE ON people_ranked BEGIN
    DELETE FROM skills_offered
    WHERE guild_id = old.guild_id AND skill = old.skill AND members = 1;
    UPDATE skills_offered SET members = members - 1
    WHERE guild_id = old.guild_id AND skill = old.skill;
END;
-- end sqlite only
