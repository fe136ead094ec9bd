"""Precision of the entity facet: the 50 entities named in the most documents, on the demo
archive and on generated verdicts, printed and written to docs/quality.md.

The verdicts are written here from templates in Russian and Belarusian, in the shape of the
archive's court documents (a heading, the court and its judge, secretary, prosecutor and
lawyer with initials, the accused with full name and patronymic in the genitive, a charge
line listing articles with parts, ``УСТАНОВИЛ``, witnesses, the sentence, the procedure
code), so every real name in them is known: a facet value is right when it is one of them.
The demo archive's top 50 are listed for judging by hand; a value counts as right there when
the project's gold set annotates it (``benchmarks/enrichment/gold.jsonl``) or it is marked
below as judged.

    python benchmarks/entity_precision.py [--verdicts 60] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import QUALITY, table, write_section  # noqa: E402
from ingest.demo import build_demo_archive  # noqa: E402
from ingest.document import build_document  # noqa: E402
from ingest.enrich.entities import resolve  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.model import Document  # noqa: E402

GOLD = Path(__file__).resolve().parent / "enrichment" / "gold.jsonl"
TOP = 50

# (nominative, genitive) of surnames and given names; patronymics (male, female) in both
SURNAMES = [("Ковалевич", "Ковалевича"), ("Мельников", "Мельникова"), ("Жуков", "Жукова"),
            ("Лисовский", "Лисовского"), ("Кравченко", "Кравченко"), ("Гончар", "Гончара"),
            ("Бондаренко", "Бондаренко"), ("Сидорович", "Сидоровича"), ("Ткачук", "Ткачука"),
            ("Михневич", "Михневича"), ("Шевчук", "Шевчука"), ("Романов", "Романова"),
            ("Карпович", "Карповича"), ("Левченко", "Левченко"), ("Яковлев", "Яковлева"),
            ("Прокопович", "Прокоповича"), ("Денисов", "Денисова"), ("Зубков", "Зубкова")]
GIVEN = [("Андрей", "Андрея"), ("Сергей", "Сергея"), ("Павел", "Павла"),
         ("Дмитрий", "Дмитрия"), ("Игорь", "Игоря"), ("Виктор", "Виктора"),
         ("Николай", "Николая"), ("Алексей", "Алексея")]
PATRONYMICS = [("Сергеевич", "Сергеевича"), ("Викторович", "Викторовича"),
               ("Николаевич", "Николаевича"), ("Петрович", "Петровича")]
CITIES = [("Минск", "Минска"), ("Гродно", "Гродно"), ("Брест", "Бреста"),
          ("Гомель", "Гомеля"), ("Витебск", "Витебска"), ("Могилёв", "Могилёва")]
DISTRICTS = ["Ленинского", "Октябрьского", "Центрального", "Советского", "Первомайского"]
ARTICLES = ["ч. 1 ст. 342", "ч. 2 ст. 293", "ст. 369", "ч. 3 ст. 130", "ч. 1 ст. 361-1",
            "ст. 368", "ч. 1 ст. 361-4", "ч. 2 ст. 339"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря"]


def _initials(rng: random.Random) -> str:
    return f"{rng.choice('АВДЕИМНОПСТ')}. {rng.choice('АВГИНПСЮ')}."


def verdict(rng: random.Random, judges: list[tuple[str, str]]) -> tuple[str, set[str]]:
    """One generated verdict and the keys of the real names in it."""
    judge, judge_initials = rng.choice(judges)
    secretary, prosecutor, lawyer, witness = (rng.choice(SURNAMES) for _ in range(4))
    accused, given, patronymic = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(PATRONYMICS)
    city = rng.choice(CITIES)
    secretary_i, prosecutor_i, lawyer_i, witness_i = (_initials(rng) for _ in range(4))
    accused_i = f"{given[0][0]}. {patronymic[0][0]}."
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2021, 2024)
    charges = rng.sample(ARTICLES, rng.randint(1, 3))
    charge = ", ".join(charges[:-1]) + (" и " if len(charges) > 1 else "") + charges[-1]
    text = (
        "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ БЕЛАРУСЬ\n\n"
        f"{day} {month} {year} года суд {rng.choice(DISTRICTS)} района г. {city[1]} в составе:\n"
        f"председательствующего судьи {judge} {judge_initials},\n"
        f"при секретаре судебного заседания {secretary[0]} {secretary_i},\n"
        f"с участием государственного обвинителя {prosecutor[1]} {prosecutor_i},\n"
        f"защитника – адвоката {lawyer[1]} {lawyer_i},\n"
        "рассмотрев в открытом судебном заседании уголовное дело по обвинению\n"
        f"{accused[1]} {given[1]} {patronymic[1]}, {rng.randint(1960, 2000)} года рождения, "
        f"уроженца г. {city[1]}, в совершении преступлений, предусмотренных {charge} УК "
        "Республики Беларусь,\n\nУСТАНОВИЛ:\n\n"
        f"{accused[0]} {accused_i} в {MONTHS[rng.randint(0, 11)][:-1]}е {year - 1} года "
        f"в г. {city[1]} совершил указанные действия. Допрошенный в судебном заседании "
        f"свидетель {witness[0]} {witness_i} показал, что видел обвиняемого.\n"
        "Руководствуясь ст. 357 и 360 УПК Республики Беларусь, суд\n\nПРИГОВОРИЛ:\n\n"
        f"{accused[1]} {accused_i} признать виновным. Приговор может быть обжалован в "
        "апелляционном порядке. Суд\n"
        f"Председательствующий {judge} {judge_initials}\n"
    )
    people = {resolve("person", f"{judge} {judge_initials}"),
              resolve("person", f"{secretary[0]} {secretary_i}"),
              resolve("person", f"{prosecutor[1]} {prosecutor_i}"),
              resolve("person", f"{lawyer[1]} {lawyer_i}"),
              resolve("person", f"{accused[1]} {given[1]} {patronymic[1]}"),
              resolve("person", f"{witness[0]} {witness_i}")}
    places = {resolve("location", city[0]), resolve("location", "Беларусь")}
    return text, people | places


def _top(docs: list[Document]) -> list[tuple[str, int, str]]:
    """(key, documents, most frequent surface) of the TOP entities named most widely."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for doc in docs:
        for entity in doc.entities:
            counts[entity.key] += 1
            forms.setdefault(entity.key, Counter()).update(entity.surface)
    return [(key, n, forms[key].most_common(1)[0][0]) for key, n in counts.most_common(TOP)]


def _enrich(folder: Path) -> list[Document]:
    return [build_document(path.read_bytes(), path.name, Settings())[0]
            for path in sorted(folder.rglob("*")) if path.is_file()]


# Demo-archive facet values judged by hand as real names (not in the gold set's openings):
# people named in verdicts, the KGB, the UN Special Rapporteur's mandate, Minsk's transport
# company and executive committee, two state expert bodies and a phone maker.
JUDGED = {"person:ermalavic l", "person:kabuskin", "person:lahunavic p", "organisation:khb",
          "organisation:speteln dakladtik", "organisation:ktup minsktrans",
          "organisation:respublikansk ekspertn kamis", "organisation:samsunh",
          "organisation:hasudarstven kamitet sudebn ekspertiz", "organisation:minharispalk"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verdicts", type=int, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(17)
    gold_keys = {resolve(kind, surface) for line in GOLD.read_text(encoding="utf-8").splitlines()
                 if line for kind, surface, _ in json.loads(line)["entities"]}
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        build_demo_archive(demo)
        demo_top = _top(_enrich(demo))
        folder = Path(tmp) / "verdicts"
        folder.mkdir()
        judges = [(rng.choice(SURNAMES)[0], _initials(rng)) for _ in range(4)]
        real: set[str] = set()
        for i in range(args.verdicts):
            text, keys = verdict(rng, judges)
            (folder / f"verdict-{i:03d}.txt").write_text(text, encoding="utf-8")
            real |= keys
        verdict_top = _top(_enrich(folder))
    demo_rows = [[key, n, surface, "yes" if key in gold_keys | JUDGED else "**no**"]
                 for key, n, surface in demo_top]
    verdict_rows = [[key, n, surface, "yes" if key in real else "**no**"]
                    for key, n, surface in verdict_top]
    demo_right = sum(row[3] == "yes" for row in demo_rows)
    verdict_right = sum(row[3] == "yes" for row in verdict_rows)
    header = ["key", "documents", "surface", "real name"]
    body = f"""
Written by `benchmarks/entity_precision.py`: the {TOP} entities named in the most documents
(the entity facet's first page), enriched by the ingest pipeline. A value is right when it
is a real name of a person, organisation or place (target 100%).

**Generated verdicts** ({args.verdicts} Russian verdicts from templates: heading, court,
judge, secretary, prosecutor and lawyer with initials, the accused in the genitive with
patronymic, a charge line listing articles with parts, `УСТАНОВИЛ`, a witness, the
procedure code, `ПРИГОВОРИЛ`; every real name in them is known to the generator):
{verdict_right} of {len(verdict_rows)} right ({verdict_right / max(len(verdict_rows), 1):.0%}).

**Demo archive**: {demo_right} of {len(demo_rows)} right
({demo_right / max(len(demo_rows), 1):.0%}); right = annotated in the gold set or judged
by hand (`JUDGED` in the script).

{table(header, demo_rows)}

Generated verdicts, top {TOP}:

{table(header, verdict_rows)}
"""
    print(body)
    if not args.no_write:
        write_section("Entity facet precision", body, QUALITY)


if __name__ == "__main__":
    main()
