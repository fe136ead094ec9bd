"""The API searches in many threads at once: the query-side analysis they share must not
mix one thread's words with another's (found by benchmarks/load.py as 500s)."""

from __future__ import annotations

import threading

import pytest

from poshuk.core.analysis import STEMMERS


@pytest.mark.parametrize("lang", sorted(STEMMERS))
def test_stemmers_are_safe_to_call_from_many_threads(lang: str) -> None:
    stem = STEMMERS[lang]
    stem_word = "информаци{}{}" if lang in ("ru", "be", "uk") else "prisoner{}s{}"
    words = [stem_word.format(end, i) for i in range(1500) for end in ("ю", "я", "ей")]
    alone = {word: stem.__wrapped__(word) for word in words[:300]}  # type: ignore[attr-defined]
    errors: list[str] = []

    def run(part: list[str]) -> None:
        try:
            for word in part:
                stem(word)
        except Exception as err:  # any error is the failure
            errors.append(repr(err))

    threads = [threading.Thread(target=run, args=(words[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {word: stem(word) for word in alone} == alone
