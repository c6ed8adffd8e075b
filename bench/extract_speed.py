"""Extraction throughput against the bare trained pipeline, on one core, in the same process.

Prints words/s and sentences/s for `nlp.pipe` of the bare spaCy model and for the extractor
(everything after the text is read: ruler, linker, relations, fact building), and their ratio.
Floors: at least 50% of the bare pipeline's throughput (the first extraction issue), 60% since issue 9.

Usage: python bench/extract_speed.py [CORPUS_DIR ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

# One core: no BLAS or OpenMP thread pools (the issue measures single-core throughput).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402

from kg import settings  # noqa: E402
from kg.extract import Extractor  # noqa: E402
from kg.text import read_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[ROOT / "tests/corpus/dev", ROOT / "seeds"])
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best round of each counts")
    args = parser.parse_args()

    articles = [item.article for item in read_corpus(args.corpus) if item.article is not None]
    texts = [a.text for a in articles]
    bare = spacy.load(settings.get("spacy_model"))
    extractor = Extractor()
    docs = list(bare.pipe(texts))
    words = sum(1 for d in docs for t in d if not (t.is_punct or t.is_space))
    sentences = sum(len(list(d.sents)) for d in docs)

    bare_times, ours_times = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        bare_times.append(timed(lambda: list(bare.pipe(texts, batch_size=16))))
        ours_times.append(timed(lambda: list(extractor.pipe(articles, batch_size=16, n_process=1))))
    tb, to = min(bare_times), min(ours_times)
    print(f"articles={len(articles)} words={words} sentences={sentences} rounds={args.repeat}")
    print(f"{'':12s} {'words/s':>10s} {'sentences/s':>12s} {'seconds':>8s}")
    print(f"{'bare nlp':12s} {words / tb:10.0f} {sentences / tb:12.1f} {tb:8.3f}")
    print(f"{'extractor':12s} {words / to:10.0f} {sentences / to:12.1f} {to:8.3f}")
    print(f"ratio extractor/bare = {tb / to:.2f} (floor 0.60, issue 9)")


if __name__ == "__main__":
    main()
