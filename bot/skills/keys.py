"""How typed skill names are compared: one key per name, whatever the case, spacing or accents.

"  Node.JS ", "node js" and "nodejs" share the key "nodejs"; "Desain Grafis" and "desain-grafis"
share "desaingrafis". "+" and "#" are kept because C, C++ and C# are different skills.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A run of letters or digits, or a run of the symbols that tell C++ and C# from C.
_TOKEN = re.compile(r"[^\W_]+|[+#]+")
# Dropped so "HTML & CSS", "HTML and CSS" and "HTML dan CSS" meet.
_CONNECTIVES = frozenset({"and", "dan"})


@lru_cache(maxsize=16384)  # the same names are keyed again whenever a hub's view is rebuilt
def skill_words(text: str) -> tuple[str, ...]:
    """The words of a skill name: case folded, accents removed, punctuation dropped.

    "+" and "#" belong to the word before them ("c ++" is "c++"); with no word before they are a
    hashtag and are dropped ("#python" is "python").
    """
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    words: list[str] = []
    for token in _TOKEN.findall(folded):
        if token[0] not in "+#":
            words.append(token)
        elif words:
            words[-1] += token
    meaningful = [word for word in words if word not in _CONNECTIVES]
    return tuple(meaningful or words)


def skill_key(text: str) -> str:
    """The key two names must share to mean the same skill; used by every lookup and the store."""
    return "".join(skill_words(text))
