"""Reading a page as a browser's parser would: its elements, its text, its JSON-LD blocks."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attributes for tag, attributes in self.elements if tag == name]

    def links(self) -> list[str]:
        return [attributes.get("href", "") for attributes in self.tags("a")]

    def job_postings(self) -> list[dict]:
        return [
            json.loads(body)
            for attributes, body in self.scripts
            if attributes.get("type") == "application/ld+json"
        ]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.page.elements.append((tag, attributes))
        if tag == "script":
            self._script = attributes

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.page.scripts.append((self._script, data))
        else:
            self.page.texts.append(data)


def read_page(body: str) -> Page:
    reader = _Reader()
    reader.feed(body)
    reader.close()
    return reader.page
