from bot.sandbox.testing import sandbox_fixture

sandbox = sandbox_fixture()
