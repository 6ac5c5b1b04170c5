from pathlib import Path

import pytest

from bot.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "mozaik.db")
