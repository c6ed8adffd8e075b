"""Trade between states: exports, imports and turnover, with figures and periods."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, sentence_dates
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)
from kg.nlp.readers.registry import on_words, reader


@reader("trade")
class TradeReader(ReaderBase):
    @on_words(
        "trade", verbs=("export_verbs", "import_verbs"), nouns=("export_nouns", "import_nouns"), with_pos=True
    )
    def trades(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        from kg.quantities import find_money

        lex = self.lex["trade"]
        exporting = token.lemma_.lower() in lex["export_verbs"] or token.lower_ in lex["export_nouns"]
        actor = args.subjects(token) if is_verb else args.modifiers(token)
        scope = token if is_verb else token.head
        stop = {c.i for c in scope.children if c.dep_ == "conj" and c.pos_ == "VERB" and c != token}
        clause = [t for t in scope.subtree if not any(token.doc[i].is_ancestor(t) or t.i == i for i in stop)]
        partner = _unique_mentions(
            [
                m
                for t in clause
                if t.dep_ == "prep" and t.lower_ in ("to", "from", "with")
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
        )
        if not clause or not partner or not actor:
            return
        lo, hi = min(t.idx for t in clause), max(t.idx + len(t) for t in clause)
        money = find_money(token.doc.text[lo:hi])
        if not money:
            return
        amount = money[0]
        period = self.period(token, clause)
        for a in actor:
            for b in partner:
                sa, sb = self.state(a), self.state(b)
                if sa is None or sb is None:
                    continue
                exporter, importer = (sa, sb) if exporting else (sb, sa)
                attrs = {
                    "value": amount.value,
                    "currency": amount.currency,
                    "period": period[0] if period else None,
                }
                yield Candidate(
                    "trade", exporter, importer, token, attrs, 0.75, date_expr=period[1] if period else None
                )

    @staticmethod
    def period(token: Token, clause: list[Token]) -> tuple[str, str] | None:
        """(period, date) of a trade figure from the DATE phrases of its clause: "in 2024" ->
        ("2024", "2024"); "the ten months between March 2024 and January 2025" ->
        ("2024-03/2025-01", "2024-03")."""
        from kg.dates import resolve_period

        doc = token.doc
        published = doc.user_data.get("published")
        ids = {t.i for t in clause}
        sent_dates = sentence_dates(token.sent)
        dates = [e for e in sent_dates if e.start in ids] or sent_dates[:1]
        if not dates:
            return None
        first = dates[0]
        end = first.end
        following = [e for e in sent_dates if e.start > first.start]
        if following and doc[first.end].lower_ == "and" and following[0].start == first.end + 1:
            end = following[0].end
        found = resolve_period(doc[first.start : end].text, published)
        return (found.value, found.start) if found else None
