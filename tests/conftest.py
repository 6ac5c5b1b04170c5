"""What every test folder shares, from tests/support: the sandbox, a migrated database and the
settings that point at it, a throwaway PostgreSQL server with a database per test, the run's
one Hypothesis seed, the report of each file's traffic to the sandbox's Discord, and the order
the workers take the tests in (the long ones first)."""

import sys

# Every bot a test starts loads its extensions afresh (discord.py executes them again), and the
# crash tests start bots in processes of their own: without cached bytecode each of those starts
# compiles cogs/ and bot/ from source again, half of a start's work. So the tests cache it
# (in the git-ignored __pycache__ folders) even where PYTHONDONTWRITEBYTECODE is set.
sys.dont_write_bytecode = False

pytest_plugins = [
    "tests.support.sandbox",
    "tests.support.postgres",  # before database, which imports it: pytest rewrites its asserts
    "tests.support.database",
    "tests.support.hypothesis_seed",
    "tests.support.traffic",
    "tests.support.order",
]
