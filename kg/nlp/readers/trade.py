"""Trade between states: exports, imports and turnover, with figures and periods."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import COPULAS, Arguments, of_objects, sentence_dates
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
        """A directed flow of goods between two states, with its figure when the clause gives one:
        "Chile exported $38 billion to China", "exports from Chile to China fell to $38 billion",
        "Argentina's soybean sales to China", "Mexico bought $4 billion of Brazilian beef", "Peru's
        imports of Chinese steel rose". A flow without a figure is a fact without a value (contract);
        arms are military aid's, not trade's."""
        from kg.quantities import find_money

        lex = self.lex["trade"]
        exporting = token.lemma_.lower() in lex["export_verbs"] or token.lower_ in lex["export_nouns"]
        scope = token if is_verb else token.head
        # not a coordinated verb's, nor an adverbial clause with a subject of its own ("..., while
        # Peru's sales to India doubled")
        stop = {
            c.i
            for c in scope.children
            if c != token
            and (
                (c.dep_ == "conj" and c.pos_ == "VERB")
                or (c.dep_ == "advcl" and any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children))
            )
        }
        clause = [t for t in scope.subtree if not any(token.doc[i].is_ancestor(t) or t.i == i for i in stop)]
        if not clause:
            return
        goods = [c for c in token.children if c.dep_ == "dobj"] if is_verb else self._of_objects(token)
        items = " ".join(t.lower_ for g in goods for t in g.subtree)
        if any(f" {w} " in f" {items} " for w in self.lex["military_aid"]["items"]):
            return  # "sold drones to Moscow": military aid, read by its own reader
        if is_verb:
            # "Chilean producers shipped copper to Japan": the state of those named by demonym
            actor = args.subjects(token) or [
                m
                for c in token.children
                if c.dep_ == "nsubj"
                for m in args.modifiers(c)
                if m.kind == "country"
            ]
            partner = self._flow_preps(clause, args)
        else:
            # on a noun, "from" names the exporter and "to" the importer, whichever the noun is
            senders, receivers = args.prep_objects(token, ("from",)), args.prep_objects(token, ("to",))
            owners = args.modifiers(token)
            if exporting:
                actor, partner = owners or senders, receivers or self._flow_preps(clause, args)
            else:
                actor, partner = owners or receivers, senders or self._flow_preps(clause, args)
            if not actor and token.dep_ in ("attr", "oprd") and token.head.lemma_ in COPULAS:
                # "Germany was (remains, became) the biggest buyer of Norwegian gas"
                actor = args.subjects(token.head)
        if not exporting and not partner:
            # "bought Brazilian beef", "imports of Chinese steel": the goods' origin is the exporter
            partner = [m for g in goods for m in args.within(g) if m.kind == "country"]
        partner = _unique_mentions(partner)
        if not partner or not actor:
            return
        lo, hi = min(t.idx for t in clause), max(t.idx + len(t) for t in clause)
        money = find_money(token.doc.text[lo:hi])
        amount = money[0] if money else None
        if amount is None and not goods and not is_verb:
            return  # "exports to China" with neither figure nor goods says little
        period = self.period(token, clause)
        for a in actor:
            for b in partner:
                sa, sb = self.state(a), self.state(b)
                if sa is None or sb is None or sa.id == sb.id:
                    continue
                exporter, importer = (sa, sb) if exporting else (sb, sa)
                attrs = {
                    "value": amount.value if amount else None,
                    "currency": amount.currency if amount else None,
                    "period": period[0] if period else None,
                }
                confidence = 0.75 if amount else 0.6
                yield Candidate(
                    "trade",
                    exporter,
                    importer,
                    token,
                    attrs,
                    confidence,
                    date_expr=period[1] if period else None,
                )

    @staticmethod
    def _flow_preps(clause: list[Token], args: Arguments) -> list:
        """The other state of a flow, named in a "to", "from" or "with" phrase of its clause."""
        return [
            m
            for t in clause
            if t.dep_ == "prep" and t.lower_ in ("to", "from", "with")
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]

    @staticmethod
    def _of_objects(noun: Token) -> list[Token]:
        """What a flow noun carries: "imports of Chinese steel" -> steel; "soybean sales" -> soybean."""
        return of_objects(noun) + [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"]

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
