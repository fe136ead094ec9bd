"""Close neighbours told apart by their commonest words, where lingua's n-grams are unsure.

Short sentences of Russian and Ukrainian, of Bulgarian and Russian, of Serbian and
Macedonian, of Czech and Slovak written without diacritics share most letter sequences,
and lingua's n-grams (with the archive's prior) often pick the wrong one of a pair. Their
function words differ: Bulgarian ``ще``, ``това``, ``е``; Serbian ``је``, ``су``; Russian
``что``, ``к``, ``и`` (Ukrainian writes ``і``, ``й``). Each word of the text votes for the
languages that use it against those that do not; a language that wins by two votes
overrules lingua, by one when lingua is unsure. Spelling adds votes: Russian writes ``ъ``
only before е ё ю я, so ``съд``, ``път`` are Bulgarian; Czech nouns and adjectives end in
-ní, -ního, -ních where Slovak has -nie, -ného, -ných, and Slovak has the diphthongs ie,
iu, which Czech words rarely have.
"""

from __future__ import annotations

import re
from functools import lru_cache

from poshuk.core.textfold import strip_marks

# word: the languages of its group that use it as a common word (a word votes for these
# against the rest of its group). Only words that tell some pair apart are listed.
_CYRILLIC_WORDS = """
и: ru bg mk sr
к: ru
мне: ru be
той: bg ru uk be
что чтобы это этот эта эти его её ее был были также если только очень можно нет ещё
  еще меня тебя который которая которое которые которых которого которой теперь сейчас
  почему когда надо куда тоже может нужно: ru
уже: ru uk
ты мы вы мой: ru be
она он: ru sr
они: ru sr mk
от: ru bg uk
из: ru bg sr
во со: ru mk
но: ru bg mk sr
да: ru bg mk sr be
у: ru uk be sr bg
това тази този тези които който която което тя като към във със кой: bg
ще: bg uk
е: bg mk
мене: bg uk
ти ми ви: uk bg mk sr
треба: uk mk sr
са: bg sr be
ги го кое кои: bg mk
била било били: bg mk sr
година: bg mk sr uk
од ова: mk sr
што: mk sr be
која: mk sr
кој јас сум тоа оваа овој овие нив таа тие: mk
је су био који које шта године након: sr
али: sr mk
где: ru sr
це що вже дуже буде також вона вони: uk
як або: uk be
гэта яго ён яна яны: be
"""
_CZECH_SLOVAK_WORDS = """
se jsou jsem jsi jsme jste které který která kterou kteří ktere ktery ktera není neni
  nebo pro jen když kdyz byl byla bylo byli také mezi protože protoze já ještě jeste již
  jiz proto tedy jak jako pouze jejich této teto tyto ve ke dne při přes před budou lidi
  lidé lide jde jdeme jdu tady proč proc může muze: cs
sa sú som sme ste ktoré ktorý ktorá ktorú ktorí ktore ktory ktora nie ako alebo pre len
  keď ked bol bola bolo boli tiež tiez medzi pretože pretoze aj ja čo ešte este teda iba
  veľmi velmi vo zo ku dňa tejto tieto budú ľudia ludia ide ideme idem tu prečo preco
  môže moze: sk
"""
GROUPS = (frozenset({"ru", "uk", "be", "bg", "mk", "sr"}), frozenset({"cs", "sk"}))
_SURE = 0.9  # lingua at least this sure is overruled by two votes only


def _table(text: str) -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for entry in " ".join(text.split("\n  ")).strip().splitlines():
        words, _, languages = entry.partition(":")
        for word in words.split():
            table[word] = frozenset(languages.split())
    return table


_WORDS = {**_table(_CYRILLIC_WORDS), **_table(_CZECH_SLOVAK_WORDS)}
_TOKEN = re.compile(r"[^\W\d_]+")
# ъ before a letter other than е ё ю я: Bulgarian (Russian writes it only before those)
_BULGARIAN_HARD_SIGN = re.compile(r"ъ[^еёюя\W]")
_CS_ENDINGS = ("ni", "niho", "nich", "hle")  # Slovak -nie, -ného, -ných; tenhle, tohle
_SK_DIPHTHONGS = ("ie", "iu")  # Slovak diphthongs, which Czech words rarely have


@lru_cache(maxsize=65_536)
def _vote(word: str) -> frozenset[str]:
    """The languages ``word`` (lower-cased) votes for."""
    if (listed := _WORDS.get(word)) is not None:
        return listed
    if _BULGARIAN_HARD_SIGN.search(word):
        return frozenset({"bg"})
    bare = strip_marks(word)
    if bare.endswith(_CS_ENDINGS):
        return frozenset({"cs"})
    if any(pair in bare for pair in _SK_DIPHTHONGS):
        return frozenset({"sk"})
    return frozenset()


def by_votes(lowered: str, lang: str, sure: float, scores: dict[str, float]) -> str:
    """``lang`` (lingua's choice, ``sure`` its share) or the neighbour of its group, among
    those the text's alphabet allows (``scores``: lingua's score of each), that the words
    of ``lowered`` vote for by a margin of two (of one when lingua is under
    :data:`_SURE`); of rivals tied on votes, the one lingua scored higher."""
    group = next((g for g in GROUPS if lang in g), None)
    rivals = [other for other in scores if group and other in group and other != lang]
    if not rivals:
        return lang
    votes = [_vote(word) for word in _TOKEN.findall(lowered)]
    margins = {other: sum((other in v) - (lang in v) for v in votes) for other in rivals}
    best = max(rivals, key=lambda other: (margins[other], scores[other]))
    margin = margins[best]
    return best if margin >= 2 or (margin >= 1 and sure < _SURE) else lang
