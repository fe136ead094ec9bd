"""What 10,000 watches add to a whole ingest: the same files ingested from scratch with
no watch and with 10,000, on the embedded engine and on Elasticsearch.

The files are one-page text statements of real sentences (en/ru/be/uk/pl, see
synthetic.py), each citing one or two articles of the Criminal Code the way a statement
does. The watches are ``watches.mix``: citations and entities the enrichment found in
these files (read from a first ingest with no watch), and words and phrases of the
texts. Runs alternate (none, 10,000, none, 10,000, ...) on new data directories.

    python benchmarks/watch_ingest.py [--files 2500] [--runs 2]
                                      [--engine tantivy|elasticsearch|both] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.engines import elasticsearch_for  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import LANGS, page_text, sentences  # noqa: E402
from benchmarks.watches import WATCHES, insert_watches, mix  # noqa: E402
from ingest.pipeline import INDEX_EVERY, Pipeline  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import open_engine  # noqa: E402
from poshuk.core.watches import WatchError, Watches, check_breadth, watch_request  # noqa: E402

ARTICLES = range(100, 500)  # as many as watches.CITATIONS: ten watches to an article
WORDS = 300


def make_files(folder: Path, files: int, seed: int) -> list[str]:
    """Write the statements; returns their texts (where the watches' words come from)."""
    rng = random.Random(seed)
    pools = sentences()
    folder.mkdir(parents=True)
    texts = []
    for i in range(files):
        text = page_text(rng, pools[LANGS[i % len(LANGS)]], WORDS)
        cited = " and ".join(f"Article {a}" for a in rng.sample(ARTICLES, rng.randint(1, 2)))
        text += f" The court sentenced him under {cited} of the Criminal Code of Belarus."
        (folder / f"statement-{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def cpu_seconds(engine_name: str, es_url: str) -> float:
    """CPU seconds used so far by this process, its finished children (the parser
    processes) and, on Elasticsearch, the node: what an ingest costs, whatever else
    shares the machine (its wall time swung by a third between runs on a busy host)."""
    times = os.times()
    used = times.user + times.system + times.children_user + times.children_system
    if engine_name == "elasticsearch":
        nodes = httpx.get(f"{es_url}/_nodes/_local/stats/process", timeout=30).json()
        used += sum(node["process"]["cpu"]["total_in_millis"]
                    for node in nodes["nodes"].values()) / 1000
    return used


def ingest(folder: Path, home: Path, engine_name: str, es_url: str,
           queries: list[str]) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds, documents indexed, matches recorded) of one ingest from
    scratch."""
    settings = Settings(home=home, engine=engine_name,  # type: ignore[arg-type]
                        es_url=es_url or "http://127.0.0.1:9200",  # unused on tantivy
                        es_index=f"bench-watch-ingest-{os.getpid()}-{home.name}")
    catalog = Catalog(settings.catalog_url)
    insert_watches(Watches(catalog.db), queries)
    engine = open_engine(settings, writable=True)
    started, cpu = time.perf_counter(), cpu_seconds(engine_name, settings.es_url)
    summary = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings).ingest([folder])
    seconds = time.perf_counter() - started
    cpu = cpu_seconds(engine_name, settings.es_url) - cpu
    matches = int(catalog.db.execute("SELECT count(*) FROM watch_matches").fetchone()[0])
    if engine_name == "elasticsearch":
        from tests.conftest import drop_indices

        drop_indices(settings.es_url, settings.es_index)
    engine.close()
    catalog.close()
    return seconds, cpu, summary.indexed, matches


def watch_queries(home: Path, texts: list[str], seed: int) -> list[str]:
    """The 10,000 watches, from what a first ingest (tantivy, in ``home``) found: drawn
    from the citations, the entities, words and two-word phrases of the texts that the
    product would let a lawyer watch (``watches.check_breadth``: none on more than
    ``POSHUK_WATCH_MAX_SHARE`` of the archive)."""
    settings = Settings(home=home)
    catalog = Catalog(settings.catalog_url)
    citations: set[str] = set()
    entities: set[str] = set()
    for doc in catalog.iter_documents():
        citations.update(c.key for c in doc.citations)
        entities.update(e.key for e in doc.entities)
    catalog.close()
    rng = random.Random(seed)
    words = sorted({w for text in texts for w in map(_bare, text.split())
                    if len(w) >= 4 and w.isalpha()})
    phrases = []
    for text in rng.sample(texts, min(len(texts), 1500)):
        tokens = [_bare(t) for t in text.split()]
        at = rng.randrange(len(tokens) - 1)
        phrases.append(" ".join(tokens[at:at + 2]))
    engine = open_engine(settings, writable=False)

    def allowed(candidates: Iterable[str], form: str, most: int) -> list[str]:
        """Up to ``most`` of ``candidates``, drawn at random, that a watch may ask for."""
        values = sorted(set(candidates))
        kept = []
        for value in rng.sample(values, min(len(values), most)):
            try:
                check_breadth(engine, watch_request(form.format(value), {}), {},
                              settings.watch_max_share, settings.watch_min_broad)
            except WatchError:
                continue
            kept.append(value)
        return kept

    try:
        entity_pool = allowed(entities, 'entity:"{}"', 1000)
        word_pool = allowed(words, "{}", 3000)
        phrase_pool = allowed(phrases, '"{}"', 1500)
    finally:
        engine.close()
    return mix(rng, sorted(citations), entity_pool, word_pool,
               lambda: rng.choice(phrase_pool))


def _bare(token: str) -> str:
    return token.strip(".,;:!?\"'()«»").lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--engine", default="both",
                        choices=["tantivy", "elasticsearch", "both"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    engines = ["tantivy", "elasticsearch"] if args.engine == "both" else [args.engine]
    work = Path(tempfile.mkdtemp(prefix="poshuk-watch-ingest-"))
    rows = []
    try:
        folder = work / "files"
        texts = make_files(folder, args.files, seed=18)
        ingest(folder, work / "scout", "tantivy", "", [])
        with elasticsearch_for(engines, heap_mb=2048) as es_url:
            for name in engines:
                times: dict[int, list[float]] = {0: [], WATCHES: []}
                cpus: dict[int, list[float]] = {0: [], WATCHES: []}
                found = 0
                for run in range(args.runs):
                    for count in times:
                        home = work / f"{name}-{run}-{count}"
                        queries = [] if count == 0 else watch_queries(
                            work / "scout", texts, seed=run)
                        seconds, cpu, indexed, matches = ingest(folder, home, name, es_url,
                                                                queries)
                        assert indexed == args.files, (indexed, args.files)
                        times[count].append(seconds)
                        cpus[count].append(cpu)
                        found = matches or found
                        print(f"{name} run {run + 1}, {count} watches: {seconds:.1f} s, "
                              f"{cpu:.1f} CPU s, {matches} matches", flush=True)
                        shutil.rmtree(home / "blobs", ignore_errors=True)
                alone, watched = (statistics.median(times[c]) for c in (0, WATCHES))
                cpu_alone, cpu_watched = (statistics.median(cpus[c]) for c in (0, WATCHES))
                rows.append([name, f"{alone:.1f}", f"{watched:.1f}",
                             f"{100 * (watched - alone) / alone:+.0f}%",
                             f"{cpu_alone:.1f}", f"{cpu_watched:.1f}",
                             f"{100 * (cpu_watched - cpu_alone) / cpu_alone:+.0f}%",
                             f"{found:,}",
                             *(", ".join(f"{t:.1f}" for t in series)
                               for series in (times[0], times[WATCHES], cpus[0],
                                              cpus[WATCHES]))])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = (
        f"`benchmarks/watch_ingest.py --files {args.files} --runs {args.runs}`, {machine()}. "
        f"{args.files:,} one-page text statements ({WORDS} words of real en/ru/be/uk/pl "
        "sentences and a sentence citing one or two articles) ingested from scratch "
        f"(parsing, enrichment, catalog, index; index passes every {INDEX_EVERY} documents "
        "beside the parsing and one at the end) with no watch and with 10,000 "
        "(`watches.mix` over the citations, entities, words and two-word phrases of these "
        "files that the product's breadth check allows); median of "
        f"{args.runs} runs each. CPU: seconds used by the ingest's process, its parser "
        "processes and, on Elasticsearch, the node (`_nodes/stats`), which other work on "
        "the machine does not add to. Load average "
        f"{os.getloadavg()[0]:.1f} at the end.\n\n"
        + table(["engine", "no watch (s)", "10,000 watches (s)", "added",
                 "CPU, no watch (s)", "CPU, watched (s)", "CPU added", "matches",
                 "runs, no watch", "runs, watched", "CPU runs, no watch",
                 "CPU runs, watched"], rows)
    )
    print(body)
    if not args.no_write:
        write_section("Watched searches: what 10,000 watches add to an ingest", body)


if __name__ == "__main__":
    main()
