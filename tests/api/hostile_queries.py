"""Queries an attacker (or a careless script) sends: each once crashed, wedged or slowed
the server, or is the kind of input that does. Values are the raw ``q`` as a client sends
it, percent-encoded where it is not valid UTF-8."""

from __future__ import annotations

from poshuk.core.query_limits import LIMITS

WORDS_180 = " ".join(["navitskiy~2"] * 180)[:2000]

# name -> q (str: sent encoded as UTF-8; bytes: sent percent-encoded byte for byte)
HOSTILE: dict[str, str | bytes] = {
    # nesting: once a segfault inside tantivy or a RecursionError (500)
    "dashes before a word": "-" * 961 + "navitski",
    "dashes to the cap": "-" * 1995 + "word",
    "dashes alone": "-" * 2000,
    "plus and minus": "+-" * 990 + "word",
    "NOT flood": "NOT " * 499 + "a",
    "brackets": "(" * 250 + "word" + ")" * 250,
    "brackets unclosed": "(" * 1000,
    "brackets closing": ")" * 1000,
    "negated brackets": "-(" * 300 + "word" + ")" * 300,
    "scoped brackets": "title:(" * 140 + "a" + ")" * 140,
    "brackets at the limit": "(" * LIMITS.max_depth + "prisoner" + ")" * LIMITS.max_depth,
    "negations at the limit": "-(" * (LIMITS.max_depth // 2) + "x" + ")" * (LIMITS.max_depth // 2),
    "mixed nesting at the limit": "title:(NOT (" * (LIMITS.max_depth // 4) + "court"
    + "))" * (LIMITS.max_depth // 4),
    "scopes in one run": "title:" * 333,
    "quotes": '"' * 1999,
    "phrase of quotes": '"a" ' * 500,
    # cost: once 8.5 s and +180 MB for one request
    "fuzzy flood": WORDS_180,
    "distinct fuzzy words at the limit": " ".join(
        f"navitsk{chr(97 + i)}y~2" for i in range(LIMITS.max_expanding)
    ),
    "prefix flood": " OR ".join(["pa*"] * 400)[:2000],
    "distinct prefixes at the limit": " OR ".join(
        f"{a}{b}*" for a, b in zip("pacbsmdt", "aoreitro", strict=True)
    ),
    "long fuzzy word": "a" * 1999 + "~",
    "long prefix": "a" * 1999 + "*",
    "long fuzzy at the length limit": "ab" * (LIMITS.max_term_length // 2) + "~2",
    "words at the clause limit": " ".join(["prisoner"] * LIMITS.max_clauses),
    "single letters": " ".join("abcdefghij"[i % 10] for i in range(1000)),
    "huge phrase": '"' + " ".join(["prisoner"] * 300)[:1990] + '"',
    "huge slop": '"prisoner court"~99999999999999999999999',
    "slop at the limit": f'"prisoner court"~{LIMITS.max_slop}',
    "many filters": " ".join(["lang:en"] * 250),
    "or of field values": " OR ".join(f"entity:e{i}" for i in range(300))[:2000],
    # malformed: once matched every document
    "stars inside a word": "a*b*c*d*",
    "stars only": "*" * 100,
    "tildes only": "~" * 100,
    "fuzzy of fuzzy": "word~2~2~2",
    "prefix with a dash": "342-1*",
    "invalid utf-8": b"\xff\xfe\xfd",
    "lone surrogate bytes": b"word \xed\xa0\x80",
    "overlong nul": b"\xc0\x80",
    "nul byte": "word\x00word",
    "control characters": "".join(chr(c) for c in range(1, 32)),
    "bidi and zero-width": "\u202eprisoner\u200b\u200d\ufeff",
    "combining marks": "a" + "\u0301" * 1000,
    "emoji": "\U0001f480" * 500,
    # fields and dates
    "date far future": "date:9999-12-31..",
    "date far past": "date:0001-01-01..0001-01-02",
    "date nonsense": "date:2024-99-99",
    "date open both": "date:..",
    "year huge": "year:999999999999999999999999999",
    "field without value": "lang:",
    "unknown field": "nosuchfield:x",
    "colons": ":" * 1000,
    "title of nothing": "title:",
    "huge keyword": 'entity:"' + "x" * 1980 + '"',
    "at the length cap": "x" * 2000,
    "over the length cap": "x" * 2001,
}
