"""Positions: the offices persons are named with."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.nlp.args import Arguments
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)
from kg.nlp.readers.registry import on_sentence, reader


@reader("position")
class PositionReader(ReaderBase):
    @on_sentence
    def positions(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        for mention in args.in_sentence(sent):
            if not mention.role or mention.kind != "person":
                continue
            country = mention.stated_country or mention.entity.country
            if not country or country not in self.ref.countries:
                continue
            token = sent.doc[mention.start]
            yield Candidate(
                "position",
                mention,
                self.ref.country_entity(country),
                token,
                {"role": mention.role},
                0.9,
                modality="asserted",
            )
