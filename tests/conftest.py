"""What every test folder shares: the fixtures of tests/support (the sandbox, a migrated
database and the settings that point at it) and the report of each file's traffic to the
sandbox's Discord."""

pytest_plugins = ["tests.support.sandbox", "tests.support.database", "tests.support.traffic"]
