"""What every test folder shares: the sandbox fixture and the fixtures in tests/support."""

pytest_plugins = ["tests.support.sandbox"]
