from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings, with_shards

EXAMPLE = Path(__file__).parent.parent / "config.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_is_valid_and_documents_the_defaults():
    assert load_settings(EXAMPLE, environ={}) == Settings()


def test_token_comes_only_from_the_environment(tmp_path):
    settings = load_settings(write(tmp_path, ""), environ={"DISCORD_TOKEN": "abc.def"})
    assert settings.token is not None
    assert settings.token.get_secret_value() == "abc.def"
    assert "abc.def" not in repr(settings)
    with pytest.raises(ConfigError, match=r"token: .*DISCORD_TOKEN"):
        load_settings(write(tmp_path, 'token = "abc.def"'), environ={})


def test_a_database_url_names_the_server_and_its_password_comes_only_from_the_environment(
    tmp_path,
):
    url = "database = 'postgresql://mozaik@db.example:6543/hub'"
    settings = load_settings(
        write(tmp_path, url), environ={"MOZAIK_DATABASE_PASSWORD": "s3cret-pw"}
    )
    assert str(settings.database) == "db.example:6543/hub"
    assert settings.database_password is not None
    assert settings.database_password.get_secret_value() == "s3cret-pw"
    assert "s3cret-pw" not in repr(settings)
    assert load_settings(write(tmp_path, ""), environ={}).database == Path("mozaik.db")
    with pytest.raises(ConfigError) as in_the_url:
        load_settings(
            write(tmp_path, "database = 'postgresql://mozaik:s3cret-pw@db.example/hub'"),
            environ={},
        )
    assert "database: " in str(in_the_url.value)
    assert "MOZAIK_DATABASE_PASSWORD" in str(in_the_url.value)
    assert "s3cret-pw" not in str(in_the_url.value)
    with pytest.raises(ConfigError, match=r"database_password: .*MOZAIK_DATABASE_PASSWORD"):
        load_settings(write(tmp_path, 'database_password = "s3cret-pw"'), environ={})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 'blue'", "colour: unknown key"),
        ("[hub_defaults]\ntimezone = 'Mars/Olympus'", "hub_defaults.timezone: unknown timezone"),
        ("[hub_defaults]\ngig_expiry_days = 'ten'", "hub_defaults.gig_expiry_days"),
        ("[hub_defaults]\ncurrency = 'RPX'", "hub_defaults.currency: unknown currency"),
        ("[hub_defaults]\nlocale = 'fr'", "hub_defaults.locale"),
        ("[hub_defaults]\ndigest_time = '25:00'", "hub_defaults.digest_time"),
        ("dev_guild_ids = ['general']", "dev_guild_ids.0"),
        ("shards = '0-3'", "shards: set shard_count too"),
        ("shards = '0-8'\nshard_count = 8", "shards: shard 8 is not below the shard count 8"),
        ("shards = '3-1'\nshard_count = 8", "shards: '3-1': the range runs backwards"),
        ("shards = 'one'\nshard_count = 8", "shards: 'one' is not a list of shard ids"),
        ("shard_count = 0", "shard_count"),
        ("database = 'postgresql://me@db.example:port/hub'", "database: the URL's port"),
        ("database = 'postgresql://db.example/hub'", "database: the URL needs a user"),
        ("database = 'postgresql://me@db.example/hub?sslmode=off'", "database: the URL takes no"),
        ("database = 42", "database: a file path or a postgresql://"),
    ],
)
def test_bad_settings_are_refused_naming_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as refused:
        load_settings(write(tmp_path, text), environ={})
    message = str(refused.value)
    assert key in message
    assert "\n" not in message


def test_shards_come_from_the_file_or_the_command_line(tmp_path):
    unsharded = load_settings(write(tmp_path, ""), environ={})
    assert not unsharded.shard_plan.sharded

    settings = load_settings(write(tmp_path, "shards = [4, 5]\nshard_count = 8"), environ={})
    assert (settings.shard_plan.ids, settings.shard_plan.count) == ((4, 5), 8)
    every = load_settings(write(tmp_path, "shard_count = 3"), environ={})
    assert every.shard_plan.ids == (0, 1, 2)

    overridden = with_shards(settings, "0-1,6", None)
    assert (overridden.shard_plan.ids, overridden.shard_plan.count) == ((0, 1, 6), 8)
    with pytest.raises(ConfigError, match=r"^--shards/--shard-count: shards: shard 6 is not below"):
        with_shards(settings, "6", 4)
