"""Each hub's view of the skills, kept between interactions and rebuilt only when it changes."""

from __future__ import annotations

from bot.skills.taxonomy import Taxonomy
from bot.skills.vocabulary import HubVocabulary


class HubTaxonomies:
    """Per hub, the shipped skills plus the hub's own, keyed by the hub's vocabulary version.

    Autocomplete runs on every keystroke; a hub's view is built once per version instead.
    A caller that knows the current version cheaply asks `cached` first and loads the
    vocabulary from the store only when that gives None.
    """

    def __init__(self, shipped: Taxonomy | None = None) -> None:
        self._shipped = Taxonomy.shipped() if shipped is None else shipped
        self._views: dict[int, tuple[int, Taxonomy]] = {}

    def cached(self, guild_id: int, version: int) -> Taxonomy | None:
        view = self._views.get(guild_id)
        return view[1] if view is not None and view[0] == version else None

    def for_hub(self, guild_id: int, vocabulary: HubVocabulary) -> Taxonomy:
        taxonomy = self.cached(guild_id, vocabulary.version)
        if taxonomy is None:
            taxonomy = self._shipped.with_hub(vocabulary)
            self._views[guild_id] = (vocabulary.version, taxonomy)
        return taxonomy
