"""What every test folder shares: the fixtures of tests/support (the sandbox, a migrated
database and the settings that point at it)."""

pytest_plugins = ["tests.support.sandbox", "tests.support.database"]
