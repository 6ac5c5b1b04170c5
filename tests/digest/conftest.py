from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox.testing import sandbox_fixture

sandbox = sandbox_fixture()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "mozaik.db")
