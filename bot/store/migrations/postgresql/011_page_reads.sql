-- PostgreSQL's own part of ../011_page_reads.sql. A PostgreSQL PRIMARY KEY takes no sort order,
-- so its keys hold the same columns without DESC. board_skills' (guild_id, skill, then
-- published_at and gig_id DESC) is read backwards as fast; people_ranked's mixes directions
-- (updated_at DESC between ascending columns), which a B-tree read either way cannot give, so
-- people_ranked_in_order holds that order.
CREATE INDEX IF NOT EXISTS people_ranked_in_order
    ON people_ranked (guild_id, skill, availability_rank, updated_at DESC, user_id);
