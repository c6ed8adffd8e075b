"""The dipkg vocabulary as rdflib namespaces.

GENERATED FILE: do not edit. Generated from ontology/dipkg.ttl by `python -m kg.vocab_gen`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

# Resources (entities, facts, articles) and named graphs; see kg.rdf for the IRI helpers.
ID = Namespace("https://w3id.org/dipkg/id/")
GRAPH = Namespace("https://w3id.org/dipkg/graph/")
REFERENCE_GRAPH = URIRef("https://w3id.org/dipkg/graph/reference")
# Entity descriptions (each once, beside the reference graph) and the derived index (search keys, counters).
ENTITIES_GRAPH = URIRef("https://w3id.org/dipkg/graph/entities")
INDEX_GRAPH = URIRef("https://w3id.org/dipkg/graph/index")
CAMEO = Namespace("https://w3id.org/dipkg/cameo#")
PLOVER = Namespace("https://w3id.org/dipkg/plover#")
WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_IRI = URIRef("https://w3id.org/dipkg/ontology")


class DIP(DefinedNamespace):
    """Terms of the dipkg ontology (https://w3id.org/dipkg/ontology#)."""

    _fail = True
    _NS = Namespace("https://w3id.org/dipkg/ontology#")

    # Classes
    Accusation: URIRef  # Accusation
    Actor: URIRef  # Actor
    Agreement: URIRef  # Agreement
    Article: URIRef  # Article
    Bloc: URIRef  # Bloc
    Conflict: URIRef  # Conflict
    Cooperation: URIRef  # Cooperation
    Country: URIRef  # Country
    Dataset: URIRef  # Dataset
    Event: URIRef  # Event
    Fact: URIRef  # Fact
    Meeting: URIRef  # Meeting
    Membership: URIRef  # Membership
    MembershipStatus: URIRef  # Membership status
    MilitaryAid: URIRef  # Military aid
    Modality: URIRef  # Modality
    Opposition: URIRef  # Opposition
    Organization: URIRef  # Organization
    Person: URIRef  # Person
    PositionTenure: URIRef  # Position tenure
    Role: URIRef  # Role
    Sanction: URIRef  # Sanction
    Support: URIRef  # Support
    TradeFlow: URIRef  # Trade flow
    Visit: URIRef  # Visit

    # Object properties
    accused: URIRef  # accused
    agent: URIRef  # agent
    cooperatesWith: URIRef  # cooperates with
    country: URIRef  # country
    degreeOf: URIRef  # degree of
    diplomaticRelation: URIRef  # diplomatic relation
    exportsTo: URIRef  # exports to
    extractedBy: URIRef  # extracted by
    foreignMinisterOf: URIRef  # foreign minister of
    headOfGovernment: URIRef  # head of government
    headOfState: URIRef  # head of state
    holdsPositionIn: URIRef  # holds position in
    host: URIRef  # host
    inConflictWith: URIRef  # in conflict with
    inLink: URIRef  # in link
    linkEnd: URIRef  # link end
    linkKey: URIRef  # link key
    location: URIRef  # location
    memberOf: URIRef  # member of
    met: URIRef  # met
    modality: URIRef  # modality
    observerOf: URIRef  # observer of
    opposes: URIRef  # opposes
    participant: URIRef  # participant
    partnerOf: URIRef  # partner of
    role: URIRef  # role
    sanctioned: URIRef  # sanctioned
    signedAgreementWith: URIRef  # signed agreement with
    status: URIRef  # status
    suppliedArmsTo: URIRef  # supplied arms to
    supports: URIRef  # supports
    target: URIRef  # target
    visited: URIRef  # visited

    # Datatype properties
    abbreviation: URIRef  # abbreviation
    articleCount: URIRef  # article count
    articleId: URIRef  # article id
    capital: URIRef  # capital
    confidence: URIRef  # confidence
    contentHash: URIRef  # content hash
    currency: URIRef  # currency
    date: URIRef  # date
    dateline: URIRef  # dateline
    datelineDate: URIRef  # dateline date
    datelinePlace: URIRef  # dateline place
    demonym: URIRef  # demonym
    direction: URIRef  # direction
    edgeRecord: URIRef  # edge record
    end: URIRef  # end
    entityCount: URIRef  # entity count
    evidenceEnd: URIRef  # evidence end
    evidenceStart: URIRef  # evidence start
    evidenceText: URIRef  # evidence text
    factCount: URIRef  # fact count
    factType: URIRef  # fact type
    hostName: URIRef  # host name
    iso2: URIRef  # ISO alpha-2 code
    iso3: URIRef  # ISO alpha-3 code
    items: URIRef  # items
    linkCount: URIRef  # link count
    linkType: URIRef  # link type
    locationName: URIRef  # location name
    mentionCount: URIRef  # mention count
    mentionTier: URIRef  # mention tier
    nameKey: URIRef  # name key
    officialName: URIRef  # official name
    partnerCount: URIRef  # partner count
    period: URIRef  # period
    published: URIRef  # published
    qid: URIRef  # Wikidata id
    rankedKey: URIRef  # ranked key
    seatOfGovernment: URIRef  # seat of government
    since: URIRef  # since
    sourceNote: URIRef  # source note
    sourcePath: URIRef  # source path
    start: URIRef  # start
    statedGroup: URIRef  # stated group
    statedRecord: URIRef  # stated record
    text: URIRef  # text
    title: URIRef  # title
    topic: URIRef  # topic
    tripleCount: URIRef  # triple count
    unStatus: URIRef  # UN status
    until: URIRef  # until
    value: URIRef  # value
    warning: URIRef  # warning

    # Individuals
    Alleged: URIRef  # alleged
    Ambassador: URIRef  # ambassador
    Applicant: URIRef  # applicant
    Asserted: URIRef  # asserted
    ForeignMinister: URIRef  # foreign minister
    HeadOfGovernment: URIRef  # head of government
    HeadOfState: URIRef  # head of state
    Member: URIRef  # member
    Minister: URIRef  # minister
    Negated: URIRef  # negated
    Observer: URIRef  # observer
    OtherRole: URIRef  # other role
    Partner: URIRef  # partner
    Planned: URIRef  # planned

    # Other terms
    CAMEO: URIRef  # CAMEO event codes
    PLOVER: URIRef  # PLOVER event categories
    actsFor: URIRef  # acts for
    displayColour: URIRef  # display colour
    shortcut: URIRef  # shortcut
