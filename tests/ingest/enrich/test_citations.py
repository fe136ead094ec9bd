from __future__ import annotations

import pytest

from ingest.enrich.citations import find_citations, page_citations
from poshuk.core.model import Page


@pytest.mark.parametrize(
    ("text", "keys", "part"),
    [
        ("under Article 342 of the Criminal Code", ["BY-CC-342"], None),
        ("осуждён по ч. 1 ст. 342 УК", ["BY-CC-342"], 1),
        ("паводле арт. 342 КК", ["BY-CC-342"], None),
        ("по ст. 361-1 УК Республики Беларусь", ["BY-CC-361-1"], None),
        ("Part 2 of Article 361-1 of the Belarusian Criminal Code", ["BY-CC-361-1"], 2),
        ("штраф по ст. 24.23 КоАП", ["BY-AO-24.23"], None),
        ("пратакол паводле арт. 23.34 КаАП", ["BY-AO-23.34"], None),
        ("по ч. 2 ст. 212 УК РФ", ["RU-CC-212"], 2),
        ("ст. 20.3.3 КоАП РФ", ["RU-AO-20.3.3"], None),
        ("Article 280.3 of the Russian Criminal Code", ["RU-CC-280.3"], None),
        ("ст. 35 Конституции", ["BY-CONST-35"], None),
        ("руководствуясь ст. 66 УПК", ["BY-CPC-66"], None),
        ("Articles 19 and 21 of the International Covenant on Civil and Political Rights",
         ["ICCPR-19", "ICCPR-21"], None),
        ("арт. 12 Міжнароднага пакта аб грамадзянскіх і палітычных правах", ["ICCPR-12"], None),
        ("the report A/HRC/56/65 to the Council", ["UN-A/HRC/56/65"], None),
        ("Views CCPR/C/135/D/2897/2016 adopted", ["UN-CCPR/C/135/D/2897/2016"], None),
        ("the Committee's Views in communication No. 2897/2016", ["UN-COMM-2897/2016"], None),
        ("application no. 41762/21 was communicated", ["ECHR-41762/21"], None),
    ],
)
def test_each_way_of_citing_is_one_key(text: str, keys: list[str], part: int | None) -> None:
    found = find_citations(text)
    assert [c.key for c in found] == keys
    assert found[0].part == part


def test_a_list_and_a_range_of_articles_are_each_cited() -> None:
    keys = [c.key for c in find_citations("по ст. 342, 130, 361-1 и 369 УК; ст. 355–360 УПК")]
    assert keys == ["BY-CC-342", "BY-CC-130", "BY-CC-361-1", "BY-CC-369",
                    *[f"BY-CPC-{n}" for n in range(355, 361)]]


def test_an_article_without_its_code_takes_the_code_named_before_it() -> None:
    text = "The Criminal Code is used widely. Prosecution under Article 342 continued."
    assert [c.key for c in find_citations(text)] == ["BY-CC-342"]
    assert find_citations("Article 342 alone says nothing of its code.") == []


def test_court_case_numbers_and_plain_numbers_are_not_citations() -> None:
    assert find_citations("Дело № 1-187/2021; СИЗО № 1; маршрут № 20; 1,275 prisoners") == []


def test_page_citations_merge_one_key_with_its_pages_and_parts() -> None:
    pages = [Page(1, "по ч. 1 ст. 342 УК"), Page(2, "nothing"),
             Page(3, "ч. 2 ст. 342 УК; арт. 342 КК")]
    [citation] = page_citations(pages)
    assert (citation.key, citation.pages, citation.parts) == ("BY-CC-342", [1, 3], [1, 2])
    assert citation.text == "ч. 1 ст. 342 УК"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("признан виновным по ч. 2 ст. 191, ч. 4 ст. 210 и ст. 411 УК Республики Беларусь",
         ["BY-CC-191", "BY-CC-210", "BY-CC-411"]),
        ("паводле ч. 1 арт. 293, арт. 356 і ч. 2 арт. 361-3 КК", ["BY-CC-293", "BY-CC-356",
                                                                  "BY-CC-361-3"]),
        ("за ч. 2 ст. 109 та ст. 111 КК України", ["UA-CC-109", "UA-CC-111"]),
        ("Parts 1 and 3 of Article 367 and Article 368 of the Criminal Code",
         ["BY-CC-367", "BY-CC-368"]),
        ("z art. 256 § 1 oraz art. 257 Kodeksu karnego", ["BY-CC-256", "BY-CC-257"]),
        ("Articles 355–357 of the Criminal Code", ["BY-CC-355", "BY-CC-356", "BY-CC-357"]),
    ],
)
def test_a_list_of_articles_with_parts_cites_every_article(text: str, keys: list[str]) -> None:
    assert [c.key for c in find_citations(text)] == keys


def test_the_covenant_needs_naming_and_an_article_it_has() -> None:
    text = ("Belarus is a party to the Covenant. In 2023 the court in Babruisk tried him under "
            "Article 130, and later under Article 342; Article 7 forbids torture.")
    assert [c.key for c in find_citations(text)] == []
    assert [c.key for c in find_citations("articles 2 and 26 of the Covenant")] == [
        "ICCPR-2", "ICCPR-26"]
    assert find_citations("Article 60 of the Covenant") == []


@pytest.mark.parametrize(
    "text",
    ["Комітет ООН з прав людини розглядає справу № 3120/2018 проти Білорусі",
     "sprawa nr 3120/2018 trafiła do Komitetu Praw Człowieka ONZ",
     "Комитет по правам человека зарегистрировал дело № 3120/2018"],
)
def test_a_case_number_beside_a_treaty_body_is_a_communication(text: str) -> None:
    assert [c.key for c in find_citations(text)] == ["UN-COMM-3120/2018"]


def test_a_case_number_with_no_committee_near_is_not_a_communication() -> None:
    assert find_citations("Апеляційний суд переглянув справу № 3120/2018 у вересні.") == []
