import asyncio
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.errors import Refusal
from bot.gigs.curation import GigAction, moved_on_refusal
from bot.gigs.drafts import GigDraft
from bot.gigs.model import (
    CloseReason,
    Compensation,
    Engagement,
    GigStatus,
    LocationType,
    PayPeriod,
    ReportReason,
)
from bot.gigs.rules import fingerprint
from bot.gigs.search import GigFilters
from bot.gigs.store.board import board, expired_gigs, gig_counts, gigs_of, pending_gigs, search
from bot.gigs.store.claims import Publication, claim_publication, record_publication
from bot.gigs.store.drafts import forget_drafts_before, get_draft, keep_draft
from bot.gigs.store.posting import SubmittedText, ban_poster, lift_ban, posting_history
from bot.gigs.store.records import (
    GigMovedOn,
    act,
    create_gig,
    get_gig,
    gig_history,
    record_filled_via_hub,
)
from bot.gigs.store.responses import (
    Application,
    interests_in,
    record_interest,
    record_report,
)
from bot.store import Store

from .factories import GUILD, NOW, POSTER, terms

MODERATOR = 5


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as opened:
        yield opened


async def post(store, at=NOW, poster=POSTER, **changes):
    return await create_gig(store, guild_id=GUILD, poster_id=poster, terms=terms(**changes), now=at)


async def publish(store, gig, at=NOW):
    return await act(
        store,
        gig.id,
        GigAction.APPROVE,
        MODERATOR,
        at,
        columns={"published_at": at, "expires_at": at + timedelta(days=30)},
    )


async def test_a_gig_is_stored_whole_and_its_submission_recorded(store):
    gig = await post(store, description="**Tebal** dan _miring_\n- satu", city=None)
    again = await get_gig(store, gig.id)
    assert again == gig
    assert again.status is GigStatus.PENDING
    assert again.terms.compensation == Compensation(
        "IDR", Decimal(5_000_000), Decimal(8_000_000), PayPeriod.PROJECT
    )
    assert [e.action for e in await gig_history(store, gig.id)] == [GigAction.SUBMIT]


async def test_a_gig_is_read_back_with_its_hub_and_a_missing_one_is_none(store):
    gig = await post(store)
    assert (await get_gig(store, gig.id)).guild_id == GUILD
    assert await get_gig(store, gig.id + 1) is None


async def test_of_two_simultaneous_decisions_exactly_one_wins(store):
    gig = await post(store)
    results = await asyncio.gather(
        act(store, gig.id, GigAction.APPROVE, 5, NOW, columns={"published_at": NOW}),
        act(store, gig.id, GigAction.REJECT, 6, NOW, columns={"decision_reason": "spam"}),
        return_exceptions=True,
    )
    lost = [
        (action, result)
        for action, result in zip((GigAction.APPROVE, GigAction.REJECT), results, strict=True)
        if isinstance(result, GigMovedOn)
    ]
    assert len(lost) == 1
    action, moved = lost[0]
    assert moved.status in (GigStatus.APPROVED, GigStatus.REJECTED)
    assert moved_on_refusal(gig.id, action, moved.status).key == "gigs.already_decided"
    decided = [e for e in await gig_history(store, gig.id) if e.action != GigAction.SUBMIT]
    assert len(decided) == 1
    assert decided[0].from_status is GigStatus.PENDING


async def test_every_transition_is_recorded_with_who_and_when(store):
    gig = await post(store)
    later = NOW + timedelta(hours=1)
    await act(store, gig.id, GigAction.REQUEST_CHANGES, MODERATOR, later, detail="Tambah gaji")
    await act(store, gig.id, GigAction.EDIT, POSTER, later, terms=terms(title="Logo baru"))
    await publish(store, gig, later)
    closed = await act(
        store,
        gig.id,
        GigAction.CLOSE,
        POSTER,
        later,
        detail="filled",
        columns={"closed_at": later, "close_reason": CloseReason.FILLED},
    )
    assert closed.status is GigStatus.CLOSED and closed.title == "Logo baru"
    history = await gig_history(store, gig.id)
    assert [(e.action, e.actor_id, e.to_status) for e in history] == [
        (GigAction.SUBMIT, POSTER, GigStatus.PENDING),
        (GigAction.REQUEST_CHANGES, MODERATOR, GigStatus.CHANGES_REQUESTED),
        (GigAction.EDIT, POSTER, GigStatus.PENDING),
        (GigAction.APPROVE, MODERATOR, GigStatus.APPROVED),
        (GigAction.CLOSE, POSTER, GigStatus.CLOSED),
    ]
    assert history[1].detail == "Tambah gaji" and history[1].at == later
    assert await record_filled_via_hub(store, gig.id, POSTER, True)
    assert not await record_filled_via_hub(store, gig.id, POSTER + 1, True)
    counts = await gig_counts(store, GUILD, NOW, later + timedelta(seconds=1))
    assert counts.closed == {CloseReason.FILLED: 1} and counts.filled_via_hub == 1


async def test_a_renewal_counts_on_the_renewals_it_saw(store):
    gig = await publish(store, await post(store))
    renewed = await act(
        store,
        gig.id,
        GigAction.RENEW,
        POSTER,
        NOW,
        columns={"renewals": 1},
        expected={"renewals": 0},
    )
    assert renewed.renewals == 1
    with pytest.raises(GigMovedOn) as moved:
        await act(
            store,
            gig.id,
            GigAction.RENEW,
            POSTER,
            NOW,
            columns={"renewals": 1},
            expected={"renewals": 0},
        )
    assert moved.value.status is GigStatus.APPROVED
    refusal = moved_on_refusal(gig.id, GigAction.RENEW, moved.value.status)
    assert refusal.key == "gigs.changed_meanwhile"


async def test_a_gig_is_claimed_for_publication_once(store):
    gig = await publish(store, await post(store))
    assert await claim_publication(store, gig.id, NOW)
    assert not await claim_publication(store, gig.id, NOW)
    await record_publication(store, gig.id, Publication(10, 10, 11, None), NOW)
    assert not await claim_publication(store, gig.id, NOW + timedelta(hours=1))
    assert (await get_gig(store, gig.id)).message_id == 11


async def test_a_stale_claim_is_taken_over(store):
    gig = await publish(store, await post(store))
    assert await claim_publication(store, gig.id, NOW)
    assert await claim_publication(store, gig.id, NOW + timedelta(minutes=6))


async def test_interest_is_recorded_once_and_only_on_published_gigs(store):
    pending = await post(store)
    assert not await record_interest(store, pending.id, Application(30), NOW)
    gig = await publish(store, pending)
    assert await record_interest(store, gig.id, Application(30), NOW)
    assert not await record_interest(store, gig.id, Application(30), NOW)
    assert await record_interest(store, gig.id, Application(31), NOW)
    assert [i.user_id for i in await interests_in(store, gig.id)] == [30, 31]


async def test_a_report_joins_the_audit_trail_once_per_member(store):
    gig = await publish(store, await post(store))
    assert await record_report(store, gig.id, 30, ReportReason.SCAM, NOW)
    assert not await record_report(store, gig.id, 30, ReportReason.DEAD, NOW)
    assert (await gig_history(store, gig.id))[-1].detail == "scam"


async def test_posting_history_sees_bans_recent_open_gigs_and_duplicates(store):
    first = await post(store, at=NOW - timedelta(days=8))
    await post(store, at=NOW - timedelta(days=2), title="Ilustrasi")
    rejected = await post(store, at=NOW - timedelta(days=1), title="Video")
    await act(store, rejected.id, GigAction.REJECT, MODERATOR, NOW)
    await ban_poster(
        store,
        guild_id=GUILD,
        user_id=POSTER,
        reason="spam",
        banned_by=MODERATOR,
        now=NOW,
        until=None,
    )
    text = SubmittedText(fingerprint(first.title, first.terms.description), window_days=30)
    history = await posting_history(store, guild_id=GUILD, user_id=POSTER, now=NOW, text=text)
    assert history.ban is not None and history.ban.reason == "spam"
    assert history.last_posted_at == NOW - timedelta(days=1)
    assert history.open_this_week == (NOW - timedelta(days=2),)
    assert history.duplicate_of == first.id
    edited = await posting_history(
        store,
        guild_id=GUILD,
        user_id=POSTER,
        now=NOW,
        text=SubmittedText(text.fingerprint, text.window_days, editing=first.id),
    )
    assert edited.duplicate_of is None
    assert await lift_ban(store, GUILD, POSTER)
    assert not await lift_ban(store, GUILD, POSTER)


async def test_drafts_keep_everything_typed(store):
    typed = GigDraft("hiring", "project", "remote", "mid", title="Judul", description="Isi **x**")
    draft_id = await keep_draft(
        store, guild_id=GUILD, user_id=POSTER, draft=typed, now=NOW, gig_id=None
    )
    kept = await get_draft(store, draft_id)
    assert kept is not None and kept.draft == typed and kept.user_id == POSTER
    assert await forget_drafts_before(store, NOW + timedelta(days=1)) == 1
    assert await get_draft(store, draft_id) is None


async def test_the_queue_is_oldest_first_and_mine_shows_every_state(store):
    late = await post(store, at=NOW, title="B")
    early = await post(store, at=NOW - timedelta(hours=1), title="A")
    other = await post(store, at=NOW, poster=POSTER + 1, title="C")
    await act(store, other.id, GigAction.REJECT, MODERATOR, NOW)
    assert [g.id for g in await pending_gigs(store, GUILD)] == [early.id, late.id]
    assert [g.id for g in await gigs_of(store, GUILD, POSTER + 1)] == [other.id]


async def test_expired_gigs_are_the_published_ones_past_their_time(store):
    gig = await publish(store, await post(store))
    assert await expired_gigs(store, NOW + timedelta(days=29)) == []
    assert [g.id for g in await expired_gigs(store, NOW + timedelta(days=30))] == [gig.id]


async def test_a_sweep_reads_expired_gigs_a_batch_at_a_time_each_from_where_the_last_ended(store):
    made = [
        await publish(store, await post(store, title=f"Gig {n}"), at=NOW + timedelta(hours=n % 3))
        for n in range(5)
    ]
    due = sorted(made, key=lambda g: (g.expires_at, g.id))
    later = NOW + timedelta(days=31)
    first = await expired_gigs(store, later, limit=2)
    second = await expired_gigs(store, later, after=first[-1], limit=2)
    third = await expired_gigs(store, later, after=second[-1], limit=2)
    assert [g.id for g in first + second + third] == [g.id for g in due]
    assert await expired_gigs(store, later, after=third[-1], limit=2) == []


async def test_the_board_filters_and_puts_featured_gigs_on_top(store):
    made = []
    for index in range(6):
        gig = await post(
            store,
            at=NOW + timedelta(minutes=index),
            title=f"Gig {index}",
            engagement=Engagement.HOURLY if index % 2 else Engagement.PROJECT,
            location=LocationType.ONSITE if index % 3 == 0 else LocationType.REMOTE,
            skills=("python",) if index < 3 else ("figma",),
            compensation=Compensation(
                "IDR", Decimal(1_000_000 * (index + 1)), None, PayPeriod.PROJECT
            ),
        )
        made.append(await publish(store, gig, NOW + timedelta(minutes=index)))
    await act(
        store,
        made[1].id,
        GigAction.FEATURE,
        MODERATOR,
        NOW,
        columns={"featured_until": NOW + timedelta(days=3)},
    )

    async def ids(**filters):
        page = await board(store, GUILD, GigFilters(**filters), NOW, limit=10, offset=0)
        return [made.index(next(m for m in made if m.id == g.id)) for g in page.gigs]

    assert await ids() == [1, 5, 4, 3, 2, 0]
    assert await ids(skill="python") == [1, 2, 0]
    assert await ids(engagement=Engagement.HOURLY) == [1, 5, 3]
    assert await ids(location=LocationType.ONSITE) == [3, 0]
    assert await ids(min_pay=Decimal(4_000_000), currency="IDR") == [5, 4, 3]
    assert await ids(min_pay=Decimal(1), currency="USD") == []
    later = await board(store, GUILD, GigFilters(), NOW + timedelta(days=4), limit=2, offset=2)
    assert later.total == 6 and [g.title for g in later.gigs] == ["Gig 3", "Gig 2"]


async def test_search_folds_case_and_accents_matches_prefixes_and_ranks_titles_first(store):
    texts = [
        ("Desainer grafis untuk kafe", "Logo dan menu."),
        ("Backend developer", "Python, FastAPI; kantor dekat kafé di Bandung."),
        ("Copywriter", "Tulisan untuk Instagram."),
    ]
    for title, description in texts:
        await publish(store, await post(store, title=title, description=description))
    hidden = await post(store, title="Desain rahasia", description="masih antre")

    async def titles(text):
        return [g.title for g in (await search(store, GUILD, text, limit=10, offset=0)).gigs]

    assert await titles("desain") == ["Desainer grafis untuk kafe"]
    assert await titles("KAFÉ") == ["Desainer grafis untuk kafe", "Backend developer"]
    assert (await titles("cafe kafe"))[0] == "Desainer grafis untuk kafe"
    assert await titles("instagram") == ["Copywriter"]
    assert await titles("python") == ["Backend developer"]
    assert hidden.title not in await titles("rahasia")
    with pytest.raises(Refusal) as refused:
        await search(store, GUILD, ' "*" ', limit=10, offset=0)
    assert refused.value.key == "gigs.search_empty"


async def test_search_follows_edits(store):
    gig = await publish(store, await post(store, title="Fotografer produk"))
    await act(
        store, gig.id, GigAction.EDIT, POSTER, NOW, terms=replace(gig.terms, title="Videografer")
    )
    await publish(store, gig)
    assert (await search(store, GUILD, "foto", limit=5, offset=0)).total == 0
    assert (await search(store, GUILD, "video", limit=5, offset=0)).total == 1


async def test_an_approval_applies_to_the_revision_the_moderator_saw(store):
    gig = await post(store)
    edited = await act(
        store,
        gig.id,
        GigAction.EDIT,
        POSTER,
        NOW,
        terms=terms(title="Changed after the moderator looked"),
        columns={"revision": 2},
        expected={"revision": 1},
    )
    assert not edited.text_reviewed
    with pytest.raises(GigMovedOn) as moved:
        await act(
            store,
            gig.id,
            GigAction.APPROVE,
            MODERATOR,
            NOW,
            columns={"approved_revision": 1},
            expected={"revision": 1},
        )
    assert moved.value.status is GigStatus.PENDING
    refusal = moved_on_refusal(gig.id, GigAction.APPROVE, moved.value.status)
    assert refusal.key == "gigs.changed_meanwhile"
    approved = await act(
        store,
        gig.id,
        GigAction.APPROVE,
        MODERATOR,
        NOW,
        columns={"approved_revision": 2},
        expected={"revision": 2},
    )
    assert approved.text_reviewed
