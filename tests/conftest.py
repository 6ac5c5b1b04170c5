"""What every test folder shares."""

pytest_plugins = ["tests.support.traffic"]
