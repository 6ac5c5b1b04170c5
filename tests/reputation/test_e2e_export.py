"""/intro export sends the member a JSON Resume document valid against the published schema."""

import json
from pathlib import Path

import jsonschema

from bot.sandbox import Sandbox
from tests.intros.e2e import introduce
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import show
from tests.support.replies import finished

from .e2e import confirmed_gig, told_confirmed, write_testimonial

SCHEMA = json.loads((Path(__file__).parent / "jsonresume" / "schema.json").read_text())


def valid(document):
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def test_the_vendored_schema_refuses_what_it_should():
    assert valid({"basics": {"name": "Budi"}}) == []
    assert valid({"basics": {"name": 7}}) != []
    assert valid({"work": [{"startDate": "2 Nov"}]}) != []
    assert valid({"unknown": 1}) != []


async def test_the_export_is_a_valid_json_resume_of_the_members_reputation(
    sandbox: Sandbox, settings
):
    hub = a_hub(sandbox)
    mod = hub.add_member("mod", roles=["Moderators"])
    ani, budi = hub.add_member("ani"), hub.add_member("budi")
    async with sandbox.run_bot(settings):
        await set_up_hub(sandbox, hub)
        await introduce(sandbox, budi)
        confirmed = await confirmed_gig(sandbox, hub, ani, budi, mod)
        told = await told_confirmed(sandbox, ani)
        await write_testimonial(sandbox, ani, told, "Careful work, delivered early.")
        await sandbox.click(budi, sandbox.dms(budi)[-1], "Approve")
        chooser = await finished(await sandbox.click(ani, told, "Endorse skills"))
        await sandbox.select(ani, chooser, "Choose up to 3 skills", ["Python"])
        assert confirmed.text

        answer = await finished(await sandbox.slash(budi, "intro export"))
        assert "Sent to your direct messages" in answer.text
        sent = sandbox.dms(budi)[-1]
        show("budi, in DMs", sent)
        [attachment] = sent.attachments
        assert attachment.filename == "resume.json"
        document = json.loads(attachment.data)
    print(json.dumps(document, indent=2, ensure_ascii=False))
    assert valid(document) == []
    assert document["basics"]["label"] == "Backend developer for small shops"
    assert document["basics"]["profiles"] == [{"network": "alice.dev", "url": "https://alice.dev"}]
    [work] = document["work"]
    assert work["position"] == "Logo and packaging for a coffee shop" and work["name"] == "Hub"
    assert {"name": "Python", "endorsements": 1} in document["skills"]
    assert document["references"] == [
        {"name": "Ani", "reference": "Careful work, delivered early."}
    ]
