from __future__ import annotations

from collections import Counter

import pytest

from ingest.enrich.language import UNDETERMINED, detect, detect_pages
from poshuk.core.model import Page
from tests.conftest import require_shared
from tests.fixtures.passages import PASSAGES


def sentences(lang: str) -> list[str]:
    """lingua's test sentences (the outside corpus): a measurement, skipped without it."""
    folder = require_shared("data/langid/sentences")
    return [line for line in (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def paragraphs(lang: str) -> list[str]:
    lines = sentences(lang)
    return [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]


@pytest.mark.parametrize(
    ("lang", "share"),
    [("be", 0.98), ("ru", 0.98), ("uk", 0.98), ("en", 0.98), ("pl", 0.98), ("lt", 0.98),
     ("lv", 0.98), ("de", 0.98), ("fr", 0.98), ("bg", 0.98), ("mk", 0.98), ("kk", 0.98),
     ("sk", 0.98), ("et", 0.98), ("sr", 0.98),
     # the Czech test sentences include Polish, English and Latin lines, mis-encoded text
     # and Czech without its diacritics, which reads as Slovak
     ("cs", 0.93)],
)
def test_sentences_are_identified(lang: str, share: float) -> None:
    texts = sentences(lang)
    got = Counter(detect(text)[0] for text in texts)
    assert got[lang] / len(texts) >= share, got.most_common(4)


def test_belarusian_russian_and_ukrainian_are_not_confused() -> None:
    for lang in ("be", "ru", "uk"):
        texts = sentences(lang)
        got = Counter(detect(text)[0] for text in texts)
        others = sum(n for code, n in got.items() if code in {"be", "ru", "uk"} - {lang})
        assert others / len(texts) <= 0.01, (lang, got)


def test_belarusian_paragraphs_are_sure() -> None:
    results = [detect(text) for text in paragraphs("be")]
    assert all(lang == "be" for lang, _ in results)
    assert min(confidence for _, confidence in results) >= 0.9


def test_too_little_text_is_undetermined() -> None:
    assert detect("Minsk, 2024") == (UNDETERMINED, 0.0)
    assert detect("") == (UNDETERMINED, 0.0)
    assert detect("12 / 34 — 56") == (UNDETERMINED, 0.0)


def test_belarusian_is_recognised_where_langdetect_had_no_model() -> None:
    assert detect("Суд прызнаў палітвязняў вінаватымі па артыкуле 342.")[0] == "be"
    assert detect("Суд признал политзаключённых виновными по статье 342.")[0] == "ru"
    assert detect("Суд визнав політв'язнів винними за статтею 342.")[0] == "uk"


@pytest.mark.parametrize(("text", "langs"), ids=["be-ru", "uk-ru"], argvalues=[
    # a Belarusian statement running into a quoted Russian one: neither alphabet fits all
    ("Сведка распавядаў, што ў пастарунку яго білі дубінкамі і пагражалі. Следователь "
     "ответил: «Подпиши, и тебя отпустят, а иначе получишь ещё»", {"be", "ru"}),
    # a Ukrainian report quoting a Russian order
    ("Свідок розповів, що їх тримали в ізоляторі без їжі. Наказ був такий: «Всех "
     "задержанных переписать, объяснения отобрать»", {"uk", "ru"}),
])
def test_text_mixing_two_cyrillic_alphabets_is_one_of_them(text: str, langs: set[str]) -> None:
    """Each alphabet rules the text out (letters it lacks): the Cyrillic languages all stay
    candidates, not none (which left Latin ones only, and the text undetermined)."""
    assert detect(text)[0] in langs


def test_mixed_text_is_undetermined_or_low_confidence() -> None:
    lang, confidence = detect("Minsk Мінск Минск Vilnius Вільнюс")
    assert lang == UNDETERMINED or confidence < 0.9


@pytest.mark.parametrize("lang", sorted(PASSAGES))
def test_passages_written_for_the_project_are_identified_surely(lang: str) -> None:
    for text in PASSAGES[lang]:
        found, confidence = detect(text)
        assert (found, confidence >= 0.9) == (lang, True), text


def test_pages_get_their_own_language_and_confidence_and_the_longest_language_wins() -> None:
    be, en = PASSAGES["be"][0], PASSAGES["en"][0]
    pages = [Page(1, en), Page(2, be + " " + be), Page(3, "12 / 34")]
    lang, confidence = detect_pages(pages)
    assert lang == "be"
    assert 0.5 < confidence <= 1.0
    assert [p.language for p in pages] == ["en", "be", None]
    assert pages[0].language_confidence is not None and pages[0].language_confidence > 0.5
    assert pages[2].language_confidence is None


def test_a_document_with_no_text_is_undetermined() -> None:
    assert detect_pages([Page(1, "")]) == (UNDETERMINED, 0.0)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Съдът призна политическите затворници за виновни по член 342.", "bg"),
     ("Соттың үкімі бойынша журналистер бас бостандығынан айырылды.", "kk"),
     ("Soud uznal politické vězně vinnými podle paragrafu 342.", "cs"),
     ("Судот ги прогласи политичките затвореници за виновни.", "mk")],
)
def test_neighbours_of_the_archives_languages_are_not_taken_for_them(text: str,
                                                                     lang: str) -> None:
    assert detect(text)[0] == lang


def test_a_language_with_no_analysis_gets_the_folded_and_exact_fields_only() -> None:
    from ingest.document import build_document
    from poshuk.core.config import Settings
    from poshuk.core.records import doc_record

    text = ("Софийският градски съд призна журналиста за виновен и му наложи глоба. "
            "Правозащитниците заявиха, че ще обжалват решението пред Върховния съд.")
    doc, _ = build_document(text.encode(), "bg.txt", Settings())
    record = doc_record(doc)
    assert doc.language == "bg" and record["lang"] == ["bg"]
    assert record["body_fold"] and not [name for name in record if name.startswith("body_")
                                        and name != "body_fold"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # Czech written without its diacritics, as web text often is; and Slovak beside it
        ("Jedna se o specialni zpracovani dat a prevody do mzdovych systemu.", "cs"),
        ("Posledni zmena dne: vedouci studijniho oddeleni.", "cs"),
        ("Ja viem, ze urcite hladas nieco lepsie, ale su drahe.", "sk"),
        # UTF-8 read as cp1250: detected as written
        ("NejlĂ©pe to vysvÄ›tlĂ­ nĂˇsledujĂ­cĂ­ pĹ™Ă­klad.", "cs"),
    ],
)
def test_czech_and_slovak_without_diacritics(text: str, lang: str) -> None:
    assert detect(text)[0] == lang
