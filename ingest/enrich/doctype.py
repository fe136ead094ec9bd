"""Document type from the title and the opening of the text (first cut, rule-based).

Each type has a few weighted patterns that match at word starts, so ``доклад`` does not
fire on ``докладчику``. The title decides when it names a type; otherwise the opening
does. Formal court markers (``именем Республики Беларусь``) outweigh everything, and news
*about* a sentence (``приговорили``, ``sentenced``) is deliberately not a verdict signal.
"""

from __future__ import annotations

import re

_RULES: dict[str, list[tuple[str, int]]] = {
    "verdict": [
        (r"приговор\b|прысуд\b|verdict\b|judge?ment\b", 2),
        (r"именем республики беларусь|імем рэспублікі беларусь|in the name of the republic", 5),
    ],
    "statement": [(r"statement\b|заявлени|заява\b|заяву\b|press release|пресс-релиз", 2)],
    "report": [
        (r"доклад(?!чик)|даклад(?!чык)|report\b|обзор|агляд|справаздач|briefing\b", 2),
        (r"мониторинг|маніторынг|monitoring\b|review\b", 1),
    ],
    "letter": [
        (r"letter\b|письмо\b|письма\b|ліст\b|ліста\b", 2),
        (r"dear\b|уважаем|паважан|дарагі|дарагая|дорогой|дорогая|дорогие", 1),
    ],
    "appeal": [
        (r"appeal\b|urgent action|обращени|зварот|petition|петици|communication no", 2),
        (r"calls? on\b|призыва|заклікае|заклікаем", 1),
    ],
    "news": [
        (r"news\b|новост|навін|digest\b|дайджест", 2),
        (r"сообща(ет|ют)\b|паведамля|паведамі|reported\b|according to\b|по данным|паводле", 1),
    ],
}
_PATTERNS = {
    kind: [(re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE), weight)
           for pattern, weight in rules]
    for kind, rules in _RULES.items()
}
DEFAULT_TYPE = "document"


def _scores(text: str) -> dict[str, int]:
    return {
        kind: sum(weight * len(pattern.findall(text)) for pattern, weight in patterns)
        for kind, patterns in _PATTERNS.items()
    }


def _best(scores: dict[str, int]) -> str | None:
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    return kind if score > 0 else None


def classify(title: str, opening: str) -> str:
    """The type the title names, else the one the opening's words weigh most."""
    opening_scores = _scores(opening)
    if opening_scores["verdict"] >= 5:  # a formal court heading settles it
        return "verdict"
    return _best(_scores(title)) or _best(opening_scores) or DEFAULT_TYPE
