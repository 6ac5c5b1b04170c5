"""Which process serves which guild: Discord's shard rule and the shards a process owns."""

import pytest

from bot.shards import Shards, check_shards, parse_shard_ids, shard_of

# A guild id made at millisecond 1000 after Discord's epoch, and the ones a millisecond later.
AT_1000 = 1000 << 22


def test_a_guild_s_shard_is_its_creation_millisecond_modulo_the_count():
    assert [shard_of(AT_1000 + (n << 22), 4) for n in range(5)] == [0, 1, 2, 3, 0]
    assert shard_of(AT_1000 + 12345, 4) == 0, "the low 22 bits (worker, sequence) do not count"


def test_a_process_owns_the_guilds_of_its_shards_only():
    serving = Shards(ids=(1, 3), count=4)
    guilds = [AT_1000 + (n << 22) for n in range(8)]

    assert serving.owned(guilds) == [guilds[1], guilds[3], guilds[5], guilds[7]]
    assert not serving.holds_dm_shard
    assert Shards(ids=(0, 1), count=4).holds_dm_shard


def test_unsharded_owns_every_guild_and_the_dms():
    unsharded = Shards()
    assert not unsharded.sharded
    assert unsharded.holds_dm_shard
    assert all(unsharded.owns(AT_1000 + (n << 22)) for n in range(8))


@pytest.mark.parametrize(
    ("text", "ids"), [("0-3", (0, 1, 2, 3)), ("5", (5,)), ("4, 0-1,1", (0, 1, 4))]
)
def test_shard_ids_are_read_from_ranges(text, ids):
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize("text", ["", "a", "3-1", "1-", "-1", "0..3"])
def test_malformed_shard_ids_are_refused(text):
    with pytest.raises(ValueError, match=r"shard ids|backwards"):
        parse_shard_ids(text)


@pytest.mark.parametrize(
    ("ids", "count", "problem"),
    [((0,), 0, "at least 1"), ((), 2, "no shard ids"), ((1, 4), 4, "shard 4 is not below")],
)
def test_shards_outside_the_count_are_refused(ids, count, problem):
    with pytest.raises(ValueError, match=problem):
        check_shards(ids, count)
