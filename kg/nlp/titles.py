"""Reading offices off the text: titles before or beside a name ("Kazakh President Tokayev",
"Pekka Haavisto, Finland's foreign minister"), and the country an untitled official serves."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kg.model import Entity
from kg.nlp.args import COPULAS
from kg.nlp.lexicon import best_role, title_roles, title_words, triggers
from kg.nlp.mentions import Mention, Person, office_before
from kg.reference import Reference


class LinkerBase:
    """What the linker's parts share: the reference knowledge and its entities by id."""

    ref: Reference
    by_id: dict[str, Entity]


class TitleReading(LinkerBase):
    """Roles and countries stated in titles."""

    def _read_title(self, doc: Doc, mention: Mention, person: Person, before: Sequence[Mention] = ()) -> None:
        """Role and country stated before the name ("Kremlin spokesman", "Syria's interim President")
        or in an apposition after it ("Pekka Haavisto, Finland's foreign minister"); a counterpart
        holds the office of the person whose counterpart they are ("Peru's foreign minister met his
        Chilean counterpart X"), `before` being the mentions already read."""
        span = doc[mention.start : mention.end]
        window = self._title_window(doc, span)
        window.extend(
            t for t in span if t.lower_.strip(".") in title_words()
        )  # "King Mohammed VI" as one span
        # "Pekka Haavisto, Finland's foreign minister": an apposition headed by a title word
        appos = [t for t in span.root.children if t.dep_ == "appos" and t.lemma_.lower() in title_words()]
        for head in appos:
            window.extend(t for t in head.lefts if t.dep_ in ("amod", "compound", "poss", "det"))
            window.append(head)
            # "the president of the European Council": the office's own "of" phrases, not clauses in them
            window.extend(_of_chain(head))
        head = span.root
        while head.dep_ == "conj" and head.head != head:
            head = head.head
        title_head: Token | None = None
        if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
            # "Their foreign ministers, Jeyhun Bayramov of Azerbaijan and Ararat Mirzoyan of Armenia"
            title_head = head.head
            posted = title_head.head
            if (
                title_head.dep_ == "pobj"
                and posted.lower_ in ("in", "to")
                and posted.head.lemma_.lower() in title_words()
            ):
                # "Chile's ambassador in Madrid, Rodrigo Perez": the name hangs off the posting's place
                title_head = posted.head
        if title_head is None and not window:
            title_head = self._title_before_comma(doc, span)
        if title_head is not None:
            # "Norway's foreign minister, Espen Barth Eide": the possessive names the country served
            window.extend(
                w for t in title_head.lefts if t.dep_ in ("amod", "compound", "poss") for w in t.subtree
            )
            window.append(title_head)
            window.extend(_of_chain(title_head))  # "the President of Chile, H.E. Mr. Gabriel Boric"
        appointer: Token | None = None
        served = False  # "X, who served as vice president until 2018": a former office
        for attr, verb in _predicated_titles(span.root):
            served = served or (verb.lemma_.lower() == "serve" and verb.tag_ == "VBD")
            # "Alexander Lukashenko is the president of Belarus", "X became foreign minister", "was
            # sworn in as president", "Beijing appointed X as its ambassador to ..."
            window.extend(w for t in attr.lefts if t.dep_ in ("amod", "compound", "poss") for w in t.subtree)
            window.append(attr)
            window.extend(
                p for c in attr.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.subtree
            )
            if span.root.dep_ == "dobj":
                appointer = span.root.head
        of_country = [
            p
            for c in span.root.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        window.extend(of_country)
        words = [(t.lemma_ if t.tag_ == "NNS" else t.lower_).lower().strip(".") for t in window]
        phrase_roles: set[str] = set()
        text = " " + " ".join(words) + " "
        # plurals are read in the singular ("foreign ministers"), and as written ("foreign affairs")
        written = " " + " ".join(t.lower_.strip(".") for t in window) + " "
        for phrase, phrase_role in title_roles().items():
            if f" {phrase} " in text or f" {phrase} " in written:
                phrase_roles.add(phrase_role)
                person.titles.add(phrase)
        if not phrase_roles and title_head is not None and title_head.lemma_.lower() == "counterpart":
            office = office_before(before, span.sent.start)
            if office is not None and office != "other":
                phrase_roles.add(office)
        if not phrase_roles:
            return
        first = window[0] if window else span[0]
        previous = doc[first.i - 1] if first.i > span.sent.start else None
        if previous is not None and previous.ent_id_.startswith("org/"):
            return  # "European Commission President X": an international organisation's office
        if any(t.ent_id_.startswith("org/") for t in window) or any(
            t.ent_type_ == "ORG"
            and t.lower_ not in title_words()  # "Secretary of State" is a title, not an organisation
            and any(w.lower_ == "of" and w.i < t.i for w in window)
            for t in window
        ):
            return  # "the president of the European Council", "NATO Secretary-General": no position
        former = " former " in text or " ex " in text or served
        role: str | None = "other" if former else best_role(phrase_roles)
        country: str | None = None
        for token in window:
            entity = self._country_at(doc, token)
            if entity is not None:
                country = entity
                break
        if country is None and appointer is not None:
            # "Beijing appointed X as its ambassador": the appointing state is the one served
            subjects = [w for c in appointer.children if c.dep_ == "nsubj" for w in c.subtree]
            country = next((c for t in subjects if (c := self._country_at(doc, t)) is not None), None)
        body = self._institution_before(doc, window)
        if body is not None and role == "head_of_state":
            # "French National Assembly president Laurent Fabius": president of a body, not the state
            role, country = "other", country or body
        mention.role = role
        mention.former = former
        if role:
            person.roles.add(role)
        if person.reference is not None and person.reference.country and country != person.reference.country:
            country = None  # the reference knows whom this person serves; a misread title does not
        if country and not former:
            person.country = country
        mention.stated_country = country

    @staticmethod
    def _title_before_comma(doc: Doc, span: Span) -> Token | None:
        """ "the President of Chile, H.E. Mr. Gabriel Boric": a title phrase ending at a comma right
        before the name (and its forms of address), which the parser did not attach to it."""
        honorifics = {"h.e", "mr", "mrs", "ms", "dr", "his", "her", "excellency", "shri"}
        i = span.start - 1
        while i >= span.sent.start and doc[i].lower_.strip(".") in honorifics:
            i -= 1
        if i <= span.sent.start or doc[i].text != ",":
            return None
        t = doc[i - 1]
        for _ in range(4):
            if (
                t.pos_ in ("NOUN", "PROPN")
                and t.lemma_.lower() in title_words()
                and t.right_edge.i in (i - 1, i)
            ):
                return t
            if t.head == t:
                break
            t = t.head
        return None

    def _institution_before(self, doc: Doc, window: list[Token]) -> str | None:
        """When a "president" title follows an institution's name ("National Assembly president"),
        the country that institution belongs to ("French"), or "" if none is named; else None."""
        presidents = [t for t in window if t.lower_ == "president"]
        if not presidents or presidents[0].i == 0:
            return None
        before = doc[presidents[0].i - 1]
        if before.lower_ in title_words() or before.ent_id_ or before.pos_ not in ("PROPN", "NOUN"):
            return None
        for t in doc[max(0, before.i - 5) : before.i]:
            code = self._country_at(doc, t)
            if code:
                return code
        return ""

    def _infer_countries(self, doc: Doc, mentions: list[Mention], cluster_of: dict) -> None:
        """An official the reference does not know, titled without a country ("Diamantino Azevedo,
        the minister of mineral resources"), serves the one country his sentence names freely, or
        else the country the story is about."""
        counts: dict[str, int] = {}
        for m in mentions:
            if m.kind == "country" and m.entity.country:
                counts[m.entity.country] = counts.get(m.entity.country, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        # the story's country: named at least three times, more than any other
        clear = ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        salient = ranked[0][0] if clear else None
        for mention in mentions:
            person = cluster_of.get(id(mention))
            if person is None or not mention.role or person.country or person.reference is not None:
                continue
            if mention.stated_country:  # "Former Ukrainian President ...": said, just not current
                continue
            sent = doc[mention.start].sent
            acted_on = _acted_on(doc[mention.start : mention.end].root)
            free = {
                m.entity.country
                for m in mentions
                if m.kind == "country"
                and sent.start <= m.start < sent.end
                and not _titles_someone(doc, m)
                and m.start not in acted_on
            }
            # the story's country only where the story is filed from it: a wire report from
            # Islamabad about Iran quotes officials of many states
            home = salient if salient and salient == self._dateline_code(doc) else None
            country = next(iter(free)) if len(free) == 1 else (home if not free else None)
            if country:
                person.country = country
                mention.stated_country = country

    def _dateline_code(self, doc: Doc) -> str | None:
        """The country of the story's dateline ("NEW DELHI, Oct 21 (Wire) -"), if known."""
        from kg.nlp.lexicon import city_country

        place = doc.user_data.get("dateline_place")
        if not place:
            return None
        entity = self.ref.resolve(place) or self.ref.resolve(place.title())
        if entity is not None and entity.kind == "country":
            return entity.country
        return city_country(place)

    def _country_at(self, doc: Doc, token: Token) -> str | None:
        """The country of the reference entity this token is part of, if any."""
        entity = self.by_id.get(token.ent_id_) if token.ent_id_ else None
        return entity.country if entity is not None and entity.kind == "country" else None

    @staticmethod
    def _title_window(doc: Doc, span: Span) -> list[Token]:
        address = set(triggers()["grammar"]["address_words"])
        # title words, and the words that join a country to them ("China's foreign ministry spokesman")
        words = title_words() | {
            "former",
            "interim",
            "acting",
            "and",
            "'s",
            "’s",
            "of",
            "ex",
            "-",
            "ministry",
            "office",
            "the",  # "President of the Republic of Kazakhstan Kassym-Jomart Tokayev"
            *address,  # between the title and the name: "Prime Minister Shri X", "President H.E. Mr. X"
        }
        out: list[Token] = []
        # Only words attached to the name: in "Both the crown prince and Erdogan" the title is not his.
        attached = {t.i for t in span.root.subtree}
        i = span.start - 1
        while i >= span.sent.start and span.start - i <= 8:
            token = doc[i]
            # attached to the name, or written as a capitalised title right before it
            # ("Saudi Crown Prince and Prime Minister Mohammed bin Salman"); "the crown prince and
            # Erdogan" is two people
            if (i in attached or token.is_title or token.lower_ in ("and", "of", "the", "'s", "’s")) and (
                token.lower_.strip(".") in words
                or token.ent_type_ in ("COUNTRY", "GPE", "NORP")
                or (token.is_punct and token.text in ("-", "–"))
            ):
                out.insert(0, token)
                i -= 1
                continue
            before = doc[i - 1] if i - 1 >= span.sent.start else None
            if (
                out
                and out[0].lower_ in title_words()
                and token.is_title
                and token.pos_ in ("PROPN", "NOUN")
                and before is not None
                and before.ent_type_ in ("COUNTRY", "GPE", "NORP")
                and not token.ent_type_
            ):
                # "Kenyan Justice Minister X": a portfolio between the country and the title
                out.insert(0, token)
                i -= 1
                continue
            break
        while out and (out[0].lower_ in ("and", "of", "'s", "’s") or out[0].lower_.strip(".") in address):
            out.pop(0)  # joining words, and forms of address with no title before them
        return out


# Verbs that give a person an office named after "as" ("served as", "was named as", "appointed X as")
_AS_VERBS = frozenset(
    ("serve", "name", "appoint", "elect", "swear", "nominate", "install", "confirm", "reappoint", "re-elect")
)


def _predicated_titles(name: Token) -> list[tuple[Token, Token]]:
    """Title words a clause gives the person named by `name`: the complement of "is/became/
    remains", the "as" phrase of "served as", "was sworn in as" or of "appointed/named X as", and
    the same in a relative clause on the name ("X, who became foreign minister last month")."""
    clauses: list[Token] = []
    if name.dep_ in ("nsubj", "nsubjpass", "dobj"):
        clauses.append(name.head)
    clauses += [
        c
        for c in name.children
        if c.dep_ == "relcl"
        and any(k.dep_ in ("nsubj", "nsubjpass") and k.lower_ == "who" for k in c.children)
    ]
    titles = title_words()
    out: list[tuple[Token, Token]] = []
    for verb in clauses:
        lemma = verb.lemma_.lower()
        if lemma in COPULAS and name.dep_ != "dobj":
            out += [(c, verb) for c in verb.children if c.dep_ in ("attr", "oprd", "acomp")]
        if lemma in _AS_VERBS:
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            if name.dep_ == "dobj" or passive or lemma == "serve" or verb in name.children:
                as_phrases = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
                as_phrases += [  # "was sworn in as": "as" hung on the particle
                    k
                    for c in verb.children
                    if c.dep_ in ("prt", "prep")
                    for k in c.children
                    if k.dep_ == "prep" and k.lower_ == "as"
                ]
                out += [(p, verb) for c in as_phrases for p in c.children if p.dep_ == "pobj"]
                if name.dep_ == "dobj":  # "named X foreign minister"
                    out += [(c, verb) for c in verb.children if c.dep_ in ("oprd", "xcomp")]
    return [(t, v) for t, v in out if t.lemma_.lower() in titles or t.lower_ in titles]


def _of_chain(head: Token) -> list[Token]:
    """The "of" phrases of an office, nested as the title nests them: "minister of Defence of the
    Kingdom of Norway" gives "of Defence", "of the Kingdom" and "of Norway" (each object with its
    compound and adjective modifiers), never the clauses inside them."""
    out: list[Token] = []
    heads = [head]
    for _ in range(4):
        objects = [
            obj
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for obj in c.children
            if obj.dep_ == "pobj"
        ]
        if not objects:
            break
        for obj in objects:
            out.extend((obj.head, *[x for x in obj.lefts if x.dep_ in ("compound", "amod")], obj))
        heads = objects
    return out


def _titles_someone(doc: Doc, mention: Mention) -> bool:
    """Whether a country mention is part of someone's title ("Chinese Foreign Minister Wang Yi")."""
    root = doc[mention.start : mention.end].root
    words = title_words()
    head = root.head
    return root.dep_ in ("amod", "compound", "nmod", "poss") and (
        head.lower_ in words or head.ent_type_ == "PERSON" or head.pos_ == "PROPN"
    )


def _acted_on(person: Token) -> set[int]:
    """Token indices of what the person's own verb says he acts on or speaks of ("X accused Caracas",
    "X said the Lithuanian government ..."): not the country he serves."""
    head = person
    while head.dep_ in ("compound", "appos", "conj") and head.head != head:
        head = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head == head:
        return set()
    verb = head.head
    own = {t.i for t in head.subtree}
    return {t.i for t in verb.subtree if t.i not in own and t.i > head.i}
