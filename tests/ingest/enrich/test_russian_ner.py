from __future__ import annotations

from ingest.enrich import russian_ner

TEXTS = [
    "Суд Ленинского района Минска приговорил Игоря Лосика к пятнадцати годам колонии.",
    "",
    "   \n",
    "Правозащитный центр «Весна» сообщил, что Марфа Рабкова остаётся в СИЗО № 1 в Минске. "
    * 12,
    "Короткая строка.",
    "Адвокат Максим Знак выступил в Верховном суде Республики Беларусь; "
    "решение обжаловала Генеральная прокуратура.",
]


def test_texts_run_together_find_what_each_finds_alone() -> None:
    """The model runs many texts in one batch (padded to the longest); each text's
    entities are what it finds in that text alone, blank texts included."""
    together = russian_ner.spans_many(TEXTS)
    assert together == [russian_ner.spans(text) for text in TEXTS]
    assert together[1] == together[2] == []
    assert {kind for found in together for _s, _e, kind, _t in found} == {
        "person", "organisation", "location"}
    for text, found in zip(TEXTS, together, strict=True):
        assert all(text[start:end] == name for start, end, _kind, name in found)
