from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

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
    ],
)
def test_bad_settings_are_refused_naming_the_key(tmp_path, text, key):
    with pytest.raises(ConfigError) as refused:
        load_settings(write(tmp_path, text), environ={})
    message = str(refused.value)
    assert key in message
    assert "\n" not in message
