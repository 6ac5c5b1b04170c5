"""Discord's message limits, checked on what the digest composes (counted as Discord counts)."""

from bot.digest.compose import DigestMessage


def embed_characters(embed):
    texts = [embed.get("title", ""), embed.get("description", "")]
    texts += [embed.get("footer", {}).get("text", ""), embed.get("author", {}).get("name", "")]
    for field in embed.get("fields", ()):
        texts += [field["name"], field["value"]]
    return sum(len(text) for text in texts)


def limit_violations(messages: tuple[DigestMessage, ...]) -> list[str]:
    found = []
    for number, message in enumerate(messages):
        if not 1 <= len(message.embeds) <= 10:
            found.append(f"message {number}: {len(message.embeds)} embeds")
        if sum(embed_characters(embed) for embed in message.embeds) > 6000:
            found.append(f"message {number}: more than 6000 characters")
        for embed in message.embeds:
            if len(embed.get("title", "")) > 256:
                found.append(f"message {number}: title longer than 256")
            if len(embed.get("description", "")) > 4096:
                found.append(f"message {number}: description longer than 4096")
            if len(embed.get("fields", ())) > 25:
                found.append(f"message {number}: more than 25 fields")
            for field in embed.get("fields", ()):
                if len(field["name"]) > 256 or len(field["value"]) > 1024:
                    found.append(f"message {number}: field too long")
    return found
