"""`kg eval`: extract a corpus and score it against its gold facts with the contract's rules.

Matching (../shared/spec/facts.md, "Scoring"): same type; subject and object match by equal QID or
by any shared label/alias (case- and article-insensitive), either order for symmetric types; null
matches null only; within an article, facts that match each other and share a date count once.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import SYMMETRIC_TYPES


def _norm(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.lower().strip())
    name = re.sub(r"[\u2019']s$", "", name)
    return re.sub(r"\s+", " ", name)


def _names(entity: dict[str, Any]) -> set[str]:
    out = {_norm(entity["label"])} if entity.get("label") else set()
    out.update(_norm(a) for a in entity.get("aliases") or [] if a)
    return out


def entities_match(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.get("qid") and b.get("qid") and a["qid"] == b["qid"]:
        return True
    return bool(_names(a) & _names(b))


def facts_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold["type"] != pred.get("type"):
        return False
    gs, go, ps, po = gold.get("subject"), gold.get("object"), pred.get("subject"), pred.get("object")
    if entities_match(gs, ps) and entities_match(go, po):
        return True
    return gold["type"] in SYMMETRIC_TYPES and entities_match(gs, po) and entities_match(go, ps)


def dedupe(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for fact in facts:
        if not any(k.get("date") == fact.get("date") and facts_match(k, fact) for k in kept):
            kept.append(fact)
    return kept


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    date_ok: int = 0
    date_n: int = 0
    modality_ok: int = 0
    modality_n: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)

    def prf(self, fact_type: str | None = None) -> tuple[float, float, float]:
        if fact_type is None:
            tp, ng, np_ = sum(self.tp.values()), sum(self.gold.values()), sum(self.predicted.values())
        else:
            tp, ng, np_ = self.tp[fact_type], self.gold[fact_type], self.predicted[fact_type]
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict[str, Any]:
        p, r, f = self.prf()
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "gold": sum(self.gold.values()),
            "predicted": sum(self.predicted.values()),
            "matched": sum(self.tp.values()),
            "date_accuracy": round(self.date_ok / self.date_n, 4) if self.date_n else None,
            "modality_accuracy": round(self.modality_ok / self.modality_n, 4) if self.modality_n else None,
        }


def score(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> Score:
    """Score predictions of the articles present in `gold` (others are ignored)."""
    by_gold: dict[str, list] = defaultdict(list)
    by_pred: dict[str, list] = defaultdict(list)
    for g in gold:
        by_gold[g["article"]].append(g)
    for p in predicted:
        if p.get("article") in by_gold:
            by_pred[p["article"]].append(p)
    result = Score()
    for article, golds in by_gold.items():
        golds = dedupe(golds)
        preds = dedupe(by_pred.get(article, []))
        used = [False] * len(preds)
        for g in golds:
            result.gold[g["type"]] += 1
            cands = [i for i, p in enumerate(preds) if not used[i] and facts_match(g, p)]
            same_date = [i for i in cands if preds[i].get("date") == g.get("date")]
            best = same_date or cands
            hit = best[0] if best else None
            if hit is None:
                result.misses.append(g)
                continue
            used[hit] = True
            result.tp[g["type"]] += 1
            p = preds[hit]
            if g.get("date"):
                result.date_n += 1
                result.date_ok += (p.get("date") or "") == g["date"]
            result.modality_n += 1
            result.modality_ok += (p.get("modality") or "asserted") == (g.get("modality") or "asserted")
        for i, p in enumerate(preds):
            result.predicted[p.get("type", "?")] += 1
            if not used[i]:
                result.spurious.append(p)
    return result


def brief(fact: dict[str, Any]) -> str:
    s = (fact.get("subject") or {}).get("label")
    o = (fact.get("object") or {}).get("label")
    date, modality = fact.get("date") or "", fact.get("modality") or ""
    line = f"[{fact.get('article')}] {fact.get('type')}({s} -> {o}) {date} {modality}"
    # an extracted fact names the rule that made it: a wrong fact leads to its code
    return f"{line}  <- {fact['rule']}" if fact.get("rule") else line


def report(result: Score, errors: int = 0) -> str:
    """Per-type and overall figures, as `score_facts.py --by-type` prints them."""
    lines = []
    for t in sorted(set(result.gold) | set(result.predicted)):
        p, r, f = result.prf(t)
        lines.append(
            f"{t:14s} gold={result.gold[t]:4d} pred={result.predicted[t]:4d} tp={result.tp[t]:4d}  "
            f"P={p:.3f} R={r:.3f} F1={f:.3f}"
        )
    if errors:
        lines.append("-- missed (in gold, not predicted):")
        lines.extend("   " + brief(g) for g in result.misses[:errors])
        lines.append("-- spurious (predicted, not in gold):")
        lines.extend("   " + brief(p) for p in result.spurious[:errors])
    # Printed exactly as the reference scorer prints them: P, R and F1 from the unrounded figures,
    # the accuracies from the summary's four-decimal rounding (0.87850 -> 0.8785 -> "0.878").
    s = result.summary()
    p, r, f = result.prf()
    da = f"{s['date_accuracy']:.3f}" if result.date_n else "n/a"
    ma = f"{s['modality_accuracy']:.3f}" if result.modality_n else "n/a"
    lines.append(
        f"P={p:.3f} R={r:.3f} F1={f:.3f} gold={s['gold']} "
        f"pred={s['predicted']} matched={s['matched']} date_acc={da} modality_acc={ma}"
    )
    return "\n".join(lines)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extract_corpus(corpus_dir: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Contract-form facts of every article of a folder, and the files that could not be read."""
    from kg.extract import Extractor
    from kg.text import read_corpus

    problems: list[str] = []
    articles = []
    for item in read_corpus([corpus_dir]):
        if item.article is None:
            problems.append(f"{item.path}: {item.error}")
        else:
            articles.append(item.article)
    predictions = [
        fact.to_dict(with_rule=True) for _, facts in Extractor.shared().pipe(articles) for fact in facts
    ]
    return predictions, problems


def main(
    corpus_dir: Path, errors: int = 0, as_json: bool = False, predictions_out: Path | None = None
) -> str:
    """`kg eval`: extract the corpus, score against its gold.jsonl and return the report text."""
    gold_path = Path(corpus_dir) / "gold.jsonl"
    if not gold_path.is_file():
        raise FileNotFoundError(
            f"{gold_path} not found: a corpus folder needs gold.jsonl beside its articles"
        )
    predictions, problems = extract_corpus(Path(corpus_dir))
    if predictions_out is not None:
        with Path(predictions_out).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
    result = score(load_jsonl(gold_path), predictions)
    text = report(result, errors)
    if problems:
        text = "\n".join(f"skipped {p}" for p in problems) + "\n" + text
    if as_json:
        text += "\n" + json.dumps(result.summary())
    return text
