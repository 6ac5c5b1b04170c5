"""A seeded, realistic large hub written straight into a database made by the real migrations.

Years of gigs (most of them closed), members' introductions, collaboration requests and
"I'm interested" clicks, with skills from the shipped taxonomy drawn with a long tail: a few
skills everyone has, hundreds that few have. Databases are cached under benchmarks/data/ by size
and seed, so a second run starts at once.

Rows go in with executemany through the sqlite3 module, one transaction per chunk; the indexes
are dropped for the load and built once at the end, which is what makes a million gigs take a
minute or two rather than ten. The keyword-search triggers fire as they would in the bot (they
index only published gigs, a few percent of them).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.skills import Taxonomy
from bot.store import Store
from bot.store.stamps import stamp

DATA = Path(__file__).parent / "data"

# The ids the sandbox gives the benchmark's guild and members (see e2e.py): snowflakes in 2035,
# later than any id the sandbox makes on its own, so the benchmark can ask for exactly these.
GUILD_ID = ((int(datetime(2035, 1, 1, tzinfo=UTC).timestamp() * 1000) - 1420070400000) << 22) + 1
FIRST_MEMBER_ID = GUILD_ID - 50_000_000
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # the hub's "now": the end of the generated years
YEARS = 4
GIG_EXPIRY = timedelta(days=30)
CHUNK = 50_000


@dataclass(frozen=True)
class Size:
    name: str
    profiles: int
    gigs: int

    @property
    def requests(self) -> int:
        return self.profiles // 10


SIZES = {
    "small": Size("small", profiles=1_000, gigs=10_000),
    "medium": Size("medium", profiles=10_000, gigs=100_000),
    "full": Size("full", profiles=100_000, gigs=1_000_000),
}

CITIES = ("Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Denpasar", "Medan", "Makassar", "Malang")
PROJECTS = (
    "a coffee shop", "an online store", "a wedding organiser", "a fintech startup",
    "a travel agency", "a school", "a batik brand", "a podcast", "a clinic", "a game studio",
    "a restaurant chain", "an NGO", "a real estate agent", "a music festival", "a bakery",
)  # fmt: skip
ROLES = ("specialist", "freelancer", "consultant", "designer", "developer", "writer", "partner")
ADJECTIVES = ("Senior", "Junior", "Experienced", "Remote", "Part-time", "Urgent", "Long-term")
SENTENCES = (
    "We need someone who can start next week and work with our small team.",
    "You will own the {skill} work from the first draft to the final delivery.",
    "Payment in two parts, half on start and half on delivery.",
    "Based in {city}, but remote is fine for the right person.",
    "Please share a portfolio with similar work for {project}.",
    "Kami mencari freelancer yang teliti dan komunikatif.",
    "Deadline is flexible; quality and clear communication matter more.",
    "Experience with {skill} and {skill2} is a plus.",
    "The brief, brand guide and examples are ready.",
    "Proyek ini untuk {project} di {city}.",
)
HEADLINES = (
    "{skill} {role} in {city}",
    "{role} for {skill} and {skill2}",
    "Helping {project} with {skill}",
    "{skill} since 2015, open to projects",
)
ENGAGEMENTS = ("project", "hourly", "part_time", "full_time", "retainer")
PERIODS = {"project": "project", "hourly": "hour", "part_time": "month", "full_time": "month",
           "retainer": "month"}  # fmt: skip
LOCATIONS = ("remote", "hybrid", "onsite")
LEVELS = ("entry", "mid", "senior")
AVAILABILITIES = ("open_to_work", "open_to_collaborate", "not_available")
CLOSE_REASONS = ("expired", "filled", "withdrawn", "removed")
CLOSE_WEIGHTS = (50, 30, 15, 5)
COLLAB_KINDS = ("project_partner", "co_founder", "mentor", "mentee", "buddy", "referral", "other")
COMPENSATIONS = ("paid", "unpaid", "equity", "revenue_share", "to_discuss")


# Part of a cached hub's name: a hub made by an older generator is made again, not reused.
# 2: the posters were told of every interest (before, the bot's start told all of them again).
GENERATOR_VERSION = 2


def database_path(size: Size, seed: int) -> Path:
    return DATA / f"hub-{size.name}-seed{seed}-v{GENERATOR_VERSION}.db"


def ensure_hub(size: Size, seed: int, *, log: bool = True) -> Path:
    """The cached hub of this size and seed, generated first if there is none."""
    path = database_path(size, seed)
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in DATA.glob(partial.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    asyncio.run(_migrate(partial))
    HubWriter(partial, size, seed).write()
    partial.rename(path)
    if log:
        print(f"generated {path.name} in {time.perf_counter() - started:.0f} s")
    return path


async def _migrate(path: Path) -> None:
    async with Store.open(path):
        pass


class SkillDraw:
    """Skills with a long tail: the n-th most common is about 1/n as common as the first."""

    def __init__(self, rng: random.Random) -> None:
        taxonomy = Taxonomy.shipped()
        self.skills = [skill.slug for skill in taxonomy.skills]
        self.names = {skill.slug: skill.name("en") for skill in taxonomy.skills}
        rng.shuffle(self.skills)
        self._cumulative = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.skills) + 1))
        )
        self._rng = rng

    def some(self, low: int, high: int) -> list[str]:
        wanted = self._rng.randint(low, high)
        drawn = self._rng.choices(self.skills, cum_weights=self._cumulative, k=wanted + 2)
        return list(dict.fromkeys(drawn))[:wanted]

    @property
    def most_common(self) -> list[str]:
        return self.skills


class HubWriter:
    def __init__(self, path: Path, size: Size, seed: int) -> None:
        self.path = path
        self.size = size
        self.rng = random.Random(seed)
        self.skills = SkillDraw(self.rng)
        self.start = NOW - timedelta(days=365 * YEARS)

    def write(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA cache_size = -262144")
            tables = ("gigs", "gig_skills", "gig_events", "gig_interests", "profiles",
                      "profile_skills", "collab_requests", "collab_skills")  # fmt: skip
            deferred = _drop_indexes(db, tables)
            members = self._profiles(db)
            self._gigs(db, members)
            self._requests(db, members)
            for sql in deferred:
                db.execute(sql)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()

    # --- members ---------------------------------------------------------------------------

    def _profiles(self, db: sqlite3.Connection) -> list[int]:
        rng = self.rng
        members = [FIRST_MEMBER_ID + n for n in range(self.size.profiles)]
        profile_rows, skill_rows = [], []
        for user_id in members:
            created = self._moment(growth=True)
            updated = min(created + timedelta(days=rng.expovariate(1 / 90)), NOW)
            skills = self.skills.some(1, 8)
            departed = stamp(updated + timedelta(days=3)) if rng.random() < 0.03 else None
            rate = rng.random() < 0.6
            profile_rows.append((
                GUILD_ID, user_id, f"member{user_id - FIRST_MEMBER_ID}", rng.choice(("en", "id")),
                self._fill(rng.choice(HEADLINES), skills), self._paragraph(skills, 3),
                rng.choices(AVAILABILITIES, weights=(5, 3, 2))[0],
                json.dumps([f"https://portfolio.example/{user_id}"]), json.dumps(["English"]),
                rng.choice(CITIES), "IDR" if rate else None,
                rng.randrange(100, 2_000) * 1_000_000 if rate else None, None,
                rng.choice(("hour", "day", "month")) if rate else None,
                int(rng.random() < 0.3), stamp(created), stamp(updated),
                departed if departed is None or departed < stamp(NOW) else None,
            ))  # fmt: skip
            skill_rows += [(GUILD_ID, user_id, s, n) for n, s in enumerate(skills)]
        skill_rows.sort(key=lambda row: (row[2], row[1]))
        _insert(db, "profiles", (
            "guild_id", "user_id", "display_name", "locale", "headline", "about", "availability",
            "links", "languages", "location", "rate_currency", "rate_minimum_cents",
            "rate_maximum_cents", "rate_period", "skill_alerts", "created_at", "updated_at",
            "departed_at"), profile_rows)  # fmt: skip
        _insert(db, "profile_skills", ("guild_id", "user_id", "skill", "position"), skill_rows)
        return members

    # --- gigs ------------------------------------------------------------------------------

    def _gigs(self, db: sqlite3.Connection, members: Sequence[int]) -> None:
        created = sorted(self._moment(growth=True) for _ in range(self.size.gigs))
        batches = (range(n, min(n + CHUNK, len(created))) for n in range(0, len(created), CHUNK))
        for batch in batches:
            gigs, skills, events, interests = [], [], [], []
            for index in batch:
                gig_id = index + 1
                row, gig_skills, gig_events, gig_interests = self._gig(
                    gig_id, created[index], members
                )
                gigs.append(row)
                skills += [(gig_id, skill, n) for n, skill in enumerate(gig_skills)]
                events += gig_events
                interests += gig_interests
            _insert(db, "gigs", GIG_COLUMNS, gigs)
            _insert(db, "gig_skills", ("gig_id", "skill", "position"), skills)
            _insert(db, "gig_events", ("gig_id", "at", "actor_id", "action", "from_status",
                                       "to_status"), events)  # fmt: skip
            _insert(db, "gig_interests", ("gig_id", "user_id", "at", "poster_told_at",
                                          "poster_told_via"), interests)  # fmt: skip

    def _gig(
        self, gig_id: int, created: datetime, members: Sequence[int]
    ) -> tuple[tuple[object, ...], list[str], list[tuple[object, ...]], list[tuple[object, ...]]]:
        rng = self.rng
        age = NOW - created
        skills = self.skills.some(1, 4)
        engagement = rng.choices(ENGAGEMENTS, weights=(6, 2, 1, 1, 1))[0]
        pay = rng.randrange(5, 400) * 100_000_00
        poster = rng.choice(members)
        moderator = members[0]
        published = expires = closed = reason = featured = None
        channel = message = None
        events: list[tuple[object, ...]] = [
            (gig_id, stamp(created), poster, "submit", None, "pending")
        ]
        if age < timedelta(days=2) and rng.random() < 0.3:
            status = "pending"
        elif rng.random() < 0.08:
            status = "rejected"
            events.append((gig_id, stamp(created + timedelta(hours=5)), moderator, "reject",
                           "pending", "rejected"))  # fmt: skip
        else:
            published = created + timedelta(minutes=rng.randrange(10, 600))
            expires = published + GIG_EXPIRY
            events.append((gig_id, stamp(published), moderator, "approve", "pending", "approved"))
            # A day of expiries the daily job has not run for yet stays approved.
            if expires > NOW - timedelta(days=1) and rng.random() < 0.9:
                status = "approved"
                channel, message = 1000 + gig_id % 7, 10**15 + gig_id
                if rng.random() < 0.002:
                    featured = NOW + timedelta(days=rng.randrange(1, 14))
            else:
                status = "closed"
                reason = rng.choices(CLOSE_REASONS, CLOSE_WEIGHTS)[0]
                closed = (
                    expires
                    if reason == "expired"
                    else published + (expires - published) * rng.random()
                )
                closed = min(closed, NOW)
                events.append((gig_id, stamp(closed), poster, "close", "approved", "closed"))
        interests: list[tuple[object, ...]] = [
            (gig_id, user_id, at, at, "dm")  # the poster was told as the member clicked
            for user_id in set(rng.choices(members, k=rng.choice((0, 0, 0, 1, 2))))
            for at in [stamp(min(created + timedelta(hours=rng.randrange(1, 200)), NOW))]
        ] if published else []  # fmt: skip
        title = (
            f"{rng.choice(ADJECTIVES)} {self.skills.names[skills[0]]} {rng.choice(ROLES)}"
            f" for {rng.choice(PROJECTS)}"
        )
        description = self._paragraph(skills, rng.randint(2, 4))
        locale = rng.choice(("en", "id"))
        kind = rng.choices(("hiring", "offering"), weights=(4, 1))[0]
        row = (
            gig_id, GUILD_ID, poster, locale, kind,
            status, title, description, engagement, "IDR", pay,
            pay * 2 if rng.random() < 0.5 else None, PERIODS[engagement],
            rng.choices(LOCATIONS, weights=(5, 2, 2))[0], rng.choice(CITIES),
            rng.choice(LEVELS), f"{poster}:{gig_id}", stamp(created),
            stamp(closed or published or created), stamp(created),
            None if status == "pending" else moderator, None,
            None if published is None else stamp(published), 1, None if published is None else 1,
            None if expires is None else stamp(expires), None if closed is None else stamp(closed),
            reason, None if reason != "filled" else int(rng.random() < 0.6),
            None if featured is None else stamp(featured), channel, channel, message,
        )  # fmt: skip
        return row, skills, events, interests

    # --- collaboration requests ------------------------------------------------------------

    def _requests(self, db: sqlite3.Connection, members: Sequence[int]) -> None:
        rng = self.rng
        requests, skills = [], []
        for request_id in range(1, self.size.requests + 1):
            created = NOW - timedelta(days=rng.expovariate(1 / 200))
            expires = created + timedelta(days=30)
            status = "open" if expires > NOW else rng.choice(("expired", "closed", "matched"))
            wanted = rng.randint(1, 3)
            wants = self.skills.some(1, 3)
            requests.append((
                request_id, GUILD_ID, rng.choice(members), "en",
                f"Looking for a {self.skills.names[wants[0]]} partner", self._paragraph(wants, 2),
                rng.choice(COLLAB_KINDS), "a few hours a week", rng.choice(COMPENSATIONS),
                wanted, wanted if status == "matched" else 0, status, stamp(created),
                stamp(expires), stamp(created),
                stamp(created + timedelta(days=5)) if status == "matched" else None,
                None if status == "open" else stamp(min(expires, NOW)), 2000,
                10**16 + request_id,
            ))  # fmt: skip
            skills += [(request_id, skill) for skill in wants]
        _insert(db, "collab_requests", (
            "id", "guild_id", "requester_id", "requester_locale", "title", "description", "kind",
            "commitment", "compensation", "partners_wanted", "partners_found", "status",
            "created_at", "expires_at", "posted_at", "matched_at", "closed_at", "channel_id",
            "message_id"), requests)  # fmt: skip
        _insert(db, "collab_skills", ("request_id", "skill"), skills)

    # --- text and time ---------------------------------------------------------------------

    def _moment(self, *, growth: bool) -> datetime:
        """A moment in the generated years; with growth, later years are busier (a hub grows)."""
        share = self.rng.random() ** 0.6 if growth else self.rng.random()
        return self.start + (NOW - self.start) * share

    def _fill(self, template: str, skills: Sequence[str]) -> str:
        rng = self.rng
        return template.format(
            skill=self.skills.names[skills[0]],
            skill2=self.skills.names[skills[-1]],
            role=rng.choice(ROLES),
            city=rng.choice(CITIES),
            project=rng.choice(PROJECTS),
        )

    def _paragraph(self, skills: Sequence[str], sentences: int) -> str:
        return " ".join(self._fill(s, skills) for s in self.rng.sample(SENTENCES, sentences))


GIG_COLUMNS = (
    "id", "guild_id", "poster_id", "poster_locale", "kind", "status", "title", "description",
    "engagement", "pay_currency", "pay_min_cents", "pay_max_cents", "pay_period", "location",
    "city", "level", "fingerprint", "created_at", "updated_at", "submitted_at", "decided_by",
    "decision_reason", "published_at", "revision", "approved_revision", "expires_at",
    "closed_at", "close_reason", "filled_via_hub", "featured_until", "channel_id",
    "message_channel_id", "message_id",
)  # fmt: skip


def _insert(
    db: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]
) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    for chunk in _chunks(rows, CHUNK):
        db.execute("BEGIN")
        db.executemany(sql, chunk)
        db.execute("COMMIT")


def _chunks(rows: Iterable[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _drop_indexes(db: sqlite3.Connection, tables: Sequence[str]) -> list[str]:
    """Drop the tables' own indexes; the statements that make them again."""
    marks = ", ".join("?" for _ in tables)
    found = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        f" AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tables,
    ).fetchall()
    for name, _ in found:
        db.execute(f"DROP INDEX {name}")
    return [sql for _, sql in found]
