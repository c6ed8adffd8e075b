"""kg.text: article intake from txt, Markdown and HTML; boilerplate, headline, dateline; bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.text import (
    ArticleError,
    clean_text,
    guess_format,
    is_boilerplate,
    looks_english,
    markdown_to_text,
    parse_dateline,
    read_article,
    read_corpus,
    split_title,
)

HERE = Path(__file__).resolve().parent
DEV = HERE / "corpus" / "dev"
DATA = HERE / "data"
SEED = HERE.parent / "seeds" / "belarus-iran-2025-08-20.txt"
DEV_META = {
    e["article"]: e
    for e in map(json.loads, (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines())
}
DEV_IDS = sorted(DEV_META)


@pytest.fixture(scope="module")
def dev_articles() -> dict:
    items = list(read_corpus([DEV]))
    assert all(item.ok for item in items), [item.error for item in items if not item.ok]
    return {item.article.id: item.article for item in items}


# ------------------------------------------------------------------------------------ dev corpus


def test_read_corpus_reads_every_dev_article_in_order(dev_articles: dict) -> None:
    assert list(dev_articles) == DEV_IDS
    for article_id, article in dev_articles.items():
        assert article.published == DEV_META[article_id]["published"]
        assert article.title == DEV_META[article_id]["title"]
        assert article.source.endswith(f"{article_id}.txt")
        assert article.warnings == []


def test_gold_evidence_survives_cleaning(dev_articles: dict) -> None:
    """Every gold evidence sentence is in the clean text (minus the dateline prefix it may carry)."""
    for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        article = dev_articles[fact["article"]]
        evidence = fact["evidence"]
        if article.dateline and evidence.startswith(article.dateline):
            evidence = evidence[len(article.dateline) :].lstrip()
        assert evidence in article.text, (fact["article"], evidence)


@pytest.mark.parametrize("article_id", DEV_IDS)
def test_headline_and_boilerplate_are_out_of_the_text(dev_articles: dict, article_id: str) -> None:
    article = dev_articles[article_id]
    assert article.title not in article.text.split("\n")
    for marker in ("Read more:", "PHOTO:", "Photo:", "Image:", "Caption:", "Subscribe to", "Sign up now"):
        assert marker not in article.text
    assert article.text == article.text.strip() and "\n\n\n" not in article.text


# Every dateline of the dev corpus: (first line prefix, place, date).
DEV_DATELINES = {
    "african-union-g20-2023-09-09": ("NEW DELHI, Sept 9 (Meridian News) -", "New Delhi", "2023-09-09"),
    "belarus-sco-2024-07-04": ("ASTANA, July 4 (Caspian Wire) -", "Astana", "2024-07-04"),
    "china-kazakhstan-2024-07-03": ("ASTANA, July 3 (Caspian Wire) -", "Astana", "2024-07-03"),
    "finland-nato-2023-04-04": ("BRUSSELS, April 4 (Meridian News) -", "Brussels", "2023-04-04"),
    "iran-eaeu-2023-12-25": ("ST PETERSBURG, Dec 25 (Caspian Wire) -", "St Petersburg", "2023-12-25"),
    "mexico-ecuador-2024-04-06": ("MEXICO CITY, April 6 (Meridian News) -", "Mexico City", "2024-04-06"),
    "sahel-ecowas-2024-01-28": ("NIAMEY, Jan 28 (Sahel Desk) -", "Niamey", "2024-01-28"),
    "timor-leste-asean-2025-10-26": ("KUALA LUMPUR, Oct 26 (Meridian News) -", "Kuala Lumpur", "2025-10-26"),
}


@pytest.mark.parametrize("article_id", DEV_IDS)
def test_dev_datelines(dev_articles: dict, article_id: str) -> None:
    article = dev_articles[article_id]
    expected = DEV_DATELINES.get(article_id)
    if expected is None:
        assert (article.dateline, article.dateline_place, article.dateline_date) == (None, None, None)
        return
    raw, place, day = expected
    assert (article.dateline, article.dateline_place, article.dateline_date) == (raw, place, day)
    assert not article.text.startswith(raw)
    assert article.text[0].isupper()  # "Finland formally joined ...", not "- Finland ..."


@pytest.mark.parametrize(
    ("line", "published", "place", "day", "agency"),
    [
        ("ASTANA, July 3 (Reuters) - Xi arrived.", "2024-07-03", "Astana", "2024-07-03", "Reuters"),
        ("MOSCOW (AP) \u2014 The Kremlin said.", None, "Moscow", None, "AP"),
        ("Beijing, Oct 23: China said.", "2024-10-23", "Beijing", "2024-10-23", None),
        ("Beijing (Xinhua) -- China said.", None, "Beijing", None, "Xinhua"),
        ("KYIV, Ukraine (AP) \u2014 Russia fired.", None, "Kyiv", None, "AP"),
        ("WASHINGTON \u2014 The White House said.", None, "Washington", None, None),
        ("LONDON, 3 July (Reuters) - Britain said.", "2024-07-04", "London", "2024-07-03", "Reuters"),
        (
            "UNITED NATIONS, Sept. 20 (Reuters) - The council voted.",
            "2023-09-20",
            "United Nations",
            "2023-09-20",
            "Reuters",
        ),
        (
            "ST. PETERSBURG, Dec 25, 2023 (Caspian Wire) - Iran signed.",
            None,
            "St. Petersburg",
            "2023-12-25",
            "Caspian Wire",
        ),
        ("Doha, March 04, 2024, QNA -- Qatar said.", None, "Doha", "2024-03-04", "QNA"),
        ("MUSCAT, 4th March, 2024 (ONA) -- Oman said.", None, "Muscat", "2024-03-04", "ONA"),
        ("KAZAN, October 3. /TASS/. Russia said.", "2024-10-03", "Kazan", "2024-10-03", "TASS"),
        ("Tehran, IRNA - Iran said.", None, "Tehran", None, "IRNA"),
        (
            "Geneva, May 2 (Lakeside Press) The talks began.",
            "2024-05-02",
            "Geneva",
            "2024-05-02",
            "Lakeside Press",
        ),
        (
            "S\u00c3O PAULO, May 2 (Reuters) - Brazil said.",
            "2024-05-02",
            "S\u00e3o Paulo",
            "2024-05-02",
            "Reuters",
        ),
    ],
)
def test_parse_dateline(
    line: str, published: str | None, place: str, day: str | None, agency: str | None
) -> None:
    dateline = parse_dateline(line, published)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == (place, day, agency)
    assert line[dateline.end :][0].isupper()


@pytest.mark.parametrize(
    "line",
    [
        "Finland formally joined NATO on Tuesday.",
        "U.S. President Donald Trump met Syria's interim President Ahmed al-Sharaa.",
        "NATO - the alliance of 31 states - met.",
        "EU - leaders agreed.",
        "Iran, meanwhile: the talks go on.",
        "Qatar, Oman -- and Kuwait too -- said so.",
        "Iran, Oman - and Qatar - said so.",
        "The vote is on May 3. /Rules/ apply.",
        "Peru, May 2 (a Tuesday) Lima voted.",
        "Prince Faisal bin Farhan and his Iranian counterpart met.",
        '"Happy to be home": Morocco returns to the African Union',
    ],
)
def test_no_dateline_in_ordinary_sentences(line: str) -> None:
    assert parse_dateline(line, "2024-01-01") is None


def test_dateline_far_from_published_date_warns() -> None:
    article = read_article(
        "ASTANA, July 3 (Reuters) - Xi arrived in the city for talks with the president.",
        published="2024-07-20",
    )
    assert article.dateline_date == "2024-07-03"
    assert any("dateline date 2024-07-03" in w for w in article.warnings)


# ------------------------------------------------------------------------------------ boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Unlock premium news, Start your free trial today.",
        "Unlock all our Latin America coverage: subscribe from $1 a week.",
        "Subscribe to Caspian Wire Pro for full coverage of the summit week.",
        "Subscribers can read our full analysis of the border agreement here.",
        "Sign in or subscribe to keep reading our Latin America briefing.",
        "To continue reading, log in or start a subscription.",
        "Get our daily energy newsletter. Sign up now.",
        "Sign up for our free newsletter and never miss a story.",
        "Read more: What the Trump Route means for the South Caucasus",
        "Related: Caspian pipeline talks stall again",
        "PHOTO: Delegates walk past a giant Nataraja statue.",
        "Image: Finnish and NATO flags outside the alliance headquarters, April 4, 2023.",
        "File photo: The skyline of Riyadh at dusk.",
        "Caption: EU flags in front of the Europa building in Brussels.",
        "Chart: Angola's crude output, 2008-2023.",
        "(Photo by Jane Roe/Getty Images)",
        "Jane Roe/AFP via Getty Images",
        "Share this article",
        "Follow us on Twitter and Telegram.",
        "Click here to read the full statement.",
        "(Reporting by Caspian Wire staff; editing by the Astana desk)",
        "Reporting by Jane Roe; Editing by John Doe",
        "\u00a9 2024 Steppe Herald Media. All rights reserved.",
        "Copyright 2024 Reuters",
        "By Aigerim Sadykova",
        "By Staff Reporter | 7 March 2024",
        "Advertisement",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Finland formally joined NATO on Tuesday.",
        "Brasília has chosen not to sign up formally to the Belt and Road Initiative.",
        "Related talks on energy will follow in May.",
        "Photographs of the signing were released by the Kremlin.",
        "Share prices in Moscow fell after the announcement.",
        "Following the July coup in Niger, the bloc closed borders with the country.",
        "By the end of February, negotiators hope to conclude a lease.",
        "For members of the alliance, the decision was a relief.",
        "Subscription numbers are not a matter for the foreign ministry, he said.",
        "Trump told an investment forum in Riyadh that he would order the lifting of sanctions.",
        "Read the statement in full on the ministry's website, the spokesman said, adding more was to come.",
    ],
)
def test_real_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_clean_text_normalises_newlines_spaces_and_credits() -> None:
    raw = "Title\r\n\r\n\r\nFirst\u00a0paragraph (Photo by J. Roe/Getty Images) ends.\rSecond \u200bline.\n"
    assert clean_text(raw) == "Title\n\nFirst paragraph ends.\nSecond line."


# ---------------------------------------------------------------------------------- headline / title


@pytest.mark.parametrize(
    ("text", "given", "title", "body"),
    [
        (
            "Belarus and Iran pledge ties\nIran and Belarus pledged.",
            None,
            "Belarus and Iran pledge ties",
            "Iran and Belarus pledged.",
        ),
        (
            "Iran and Belarus pledged to deepen ties.\nThe visit began.",
            None,
            None,
            "Iran and Belarus pledged to deepen ties.\nThe visit began.",
        ),
        ("Is NATO ready?\n\nThe alliance met.", None, "Is NATO ready?", "The alliance met."),
        ("Only one line without a period", None, None, "Only one line without a period"),
        (
            "Iran and Belarus pledged to deepen ties.\nThe visit began.",
            "Iran and Belarus pledged to deepen ties.",
            "Iran and Belarus pledged to deepen ties.",
            "The visit began.",
        ),
    ],
)
def test_split_title(text: str, given: str | None, title: str | None, body: str) -> None:
    assert split_title(text, given) == (title, body)


def test_seed_article_title_and_body() -> None:
    article = read_article(SEED, published="2025-08-20")
    assert article.id == "belarus-iran-2025-08-20"
    assert article.title == "Belarus and Iran pledge enhanced ties in high-level talks"
    assert article.text.startswith("Iran and Belarus have pledged to deepen bilateral cooperation")
    assert article.text.endswith("Tehran Times reported.")
    assert "Unlock premium news" not in article.text


# ------------------------------------------------------------------------------------------ HTML


def test_html_news_page() -> None:
    article = read_article(DATA / "news_page.html")
    assert article.id == "news_page"
    assert article.title == "Kazakhstan and Uzbekistan sign border demarcation treaty"
    assert article.published == "2024-03-14"  # from the page's metadata
    assert (article.dateline_place, article.dateline_date) == ("Tashkent", "2024-03-14")
    assert article.text.startswith("Kazakh President Kassym-Jomart Tokayev and Uzbek President")
    assert "Tokayev arrived in Tashkent on Wednesday" in article.text
    assert "Mirziyoyev called the treaty a historic step" in article.text
    for junk in (
        "Subscribe",
        "cookies",
        "Advertisement",
        "Air Astana",
        "Great news for the region",
        "Privacy",
        "All rights reserved",
        "Follow us",
        "Share this",
        "Read more",
        "Related",
        "Getty",
        "newsletter",
    ):
        assert junk not in article.text, junk


def test_html_given_metadata_wins() -> None:
    html = (DATA / "news_page.html").read_bytes()
    article = read_article(html, article_id="kz-uz", published="2024-03-15", title="Border treaty signed")
    assert (article.id, article.published, article.title) == ("kz-uz", "2024-03-15", "Border treaty signed")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><script>var x = 1;</script></body></html>",
        "<html><head><title>T</title></head><body></body></html>",
    ],
)
def test_html_without_main_text_is_an_error(html: str) -> None:
    with pytest.raises(ArticleError, match="no main text"):
        read_article(html, fmt="html")


# -------------------------------------------------------------------------------------- Markdown


def test_markdown_article() -> None:
    article = read_article(DATA / "news_article.md")
    assert article.title == "Vietnam and Australia upgrade ties to comprehensive strategic partnership"
    assert article.dateline_place == "Hanoi"
    assert article.text.startswith(
        "Vietnamese Prime Minister Pham Minh Chinh and his Australian counterpart "
        "Anthony Albanese agreed on Thursday"
    )
    assert "restraint in the South China Sea." in article.text
    assert "Two-way trade reached A$24.6 billion last year." in article.text
    assert '"This is a landmark moment," Albanese told reporters.' in article.text
    for junk in (
        "http",
        "](",
        "**",
        "*",
        "`",
        "#",
        "print(",
        "handshake",
        "A new tier",
        "By Staff",
        "Read more",
    ):
        assert junk not in article.text, junk


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("See [the treaty](https://example.org/t) text.", "See the treaty text."),
        ("**Bold** and _em_ and `code`.", "Bold and em and code."),
        ("![alt text](img.png) Caption-free.", "Caption-free."),
        ("Line one\nline two.", "Line one line two."),
        ("```\ncode\n```\n\nProse.", "Prose."),
        ("    indented code\n\nProse.", "Prose."),
        ("## Subhead\n\nProse.", "Prose."),
        ("> Quoted words.", "Quoted words."),
        ("1. First.\n2. Second.", "First.\n\nSecond."),
    ],
)
def test_markdown_to_text(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown)[0] == text


def test_markdown_title_is_the_first_h1() -> None:
    assert markdown_to_text("# Headline here\n\nBody text.") == ("Body text.", "Headline here")


@pytest.mark.parametrize(
    ("content", "name", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        ("<div><p>Some text</p></div>", None, "html"),
        ("# Title\n\nSee [a](http://b.c) and **this**.", None, "md"),
        ("Plain text.\nMore plain text.", None, "txt"),
        ("anything", "story.htm", "html"),
        ("anything", "story.markdown", "md"),
        ("<p>anything</p>", "story.txt", "txt"),
    ],
)
def test_guess_format(content: str, name: str | None, fmt: str) -> None:
    assert guess_format(content, Path(name) if name else None) == fmt


# ------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("source", [b"", "", "   \n\t  \r\n", b"\n\n   \n"])
def test_empty_input(source: bytes | str) -> None:
    with pytest.raises(ArticleError, match="^article is empty$"):
        read_article(source)


@pytest.mark.parametrize(
    "source",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 4,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        "\x01\x02\x03\x04\x05 text \x06\x07\x08\x0e\x0f",
    ],
)
def test_binary_input(source: bytes | str) -> None:
    with pytest.raises(ArticleError, match="^looks like binary data, not text$"):
        read_article(source)


def test_latin1_input_decodes_with_a_warning() -> None:
    text = "Caf\u00e9 diplomacy in Asunci\u00f3n\n\nThe foreign minister of Paraguay met his counterpart."
    raw = text.encode("latin-1")
    article = read_article(raw)
    assert "Asunci\u00f3n" in article.title
    assert article.warnings == ["not valid UTF-8; decoded as Windows-1252 (Latin-1)"]


def test_undecodable_input_is_replaced_with_a_warning() -> None:
    raw = b"The minister said \x81\x8d the talks were useful and that the two countries would meet again."
    article = read_article(raw)
    assert "not valid UTF-8; decoded with replacement" in article.warnings
    assert "\ufffd" in article.text


def test_utf8_bom_is_dropped() -> None:
    article = read_article("\ufeffThe talks went well, the minister said.".encode())
    assert article.text == "The talks went well, the minister said." and article.warnings == []


def test_oversized_article_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_MAX_ARTICLE_BYTES", "1000")
    with pytest.raises(ArticleError, match=r"article is 2,000 bytes, over the limit of 1,000"):
        read_article(b"a" * 2000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 400)
    with pytest.raises(ArticleError, match="2,000 bytes"):
        read_article(big)


def test_five_megabyte_article_finishes_quickly() -> None:
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    text = body * (4_900_000 // len(body.encode("utf-8")))
    start = time.perf_counter()
    article = read_article(text.encode("utf-8"), published="2025-08-20")
    assert time.perf_counter() - start < 20
    assert len(article.text) > 4_000_000


def test_french_article_gets_a_warning() -> None:
    french = (
        "Le président iranien s'est rendu mercredi à Minsk, où il a été reçu par son homologue biélorusse. "
        "Les deux dirigeants ont promis de renforcer leur coopération dans les domaines de l'énergie, de "
        "l'agriculture et de la défense, selon l'agence officielle Belta, qui cite la présidence."
    )
    article = read_article(french, published="2025-08-20")
    assert article.warnings == ["does not look like English; extraction may find nothing"]
    assert looks_english(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"published": "yesterday"}, "not an ISO date"),
        ({"fmt": "pdf"}, "unknown article format 'pdf'"),
    ],
)
def test_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        read_article("The talks went well, the minister said.", **kwargs)


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "nope.txt")


def test_only_boilerplate_is_an_error() -> None:
    with pytest.raises(ArticleError, match="no text besides boilerplate"):
        read_article("Read more: something else\nSubscribe to our newsletter today.")


def test_published_datetime_is_normalised_and_ids_default() -> None:
    article = read_article("Talks in Minsk\n\nThe talks went well.", published="2025-08-20T10:00:00Z")
    assert article.published == "2025-08-20"
    assert article.id == "talks-in-minsk"
    untitled = read_article("The talks went well, the minister said.")
    assert untitled.id.startswith("article-") and untitled.title is None and untitled.source is None


# ------------------------------------------------------------------------------------------ corpora


def test_read_corpus_reports_failures_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text(
        "Good news\n\nThe ministers met in Minsk on Tuesday.", encoding="utf-8"
    )
    (tmp_path / "b-empty.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "c-binary.html").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.csv").write_text("ignored,file", encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "d-page.md").write_text("# Markdown story\n\nThe envoys met in **Baku**.", encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(
        json.dumps({"article": "a-good", "published": "2024-07-04", "title": "Good news"}) + "\nnot json\n",
        encoding="utf-8",
    )
    items = list(read_corpus([tmp_path, tmp_path / "missing.txt"], published="2024-01-01"))
    by_name = {item.path.name: item for item in items}
    assert [item.path.name for item in items] == [
        "articles.jsonl",
        "a-good.txt",
        "b-empty.txt",
        "c-binary.html",
        "d-page.md",
        "missing.txt",
    ]
    assert "line 2" in by_name["articles.jsonl"].error
    good = by_name["a-good.txt"].article
    assert (good.id, good.published, good.title) == ("a-good", "2024-07-04", "Good news")
    assert by_name["b-empty.txt"].error == "article is empty"
    assert by_name["c-binary.html"].error == "looks like binary data, not text"
    page = by_name["d-page.md"].article
    assert (page.published, page.title, page.text) == (
        "2024-01-01",
        "Markdown story",
        "The envoys met in Baku.",
    )
    assert not by_name["missing.txt"].ok and "cannot read" in by_name["missing.txt"].error


# ------------------------------------------------------------------------------------------ property


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.one_of(st.text(max_size=400), st.binary(max_size=400)),
    fmt=st.sampled_from([None, "txt", "md", "html"]),
)
def test_read_article_raises_only_article_error(source: str | bytes, fmt: str | None) -> None:
    try:
        article = read_article(source, fmt=fmt, published="2024-01-01")
    except ArticleError as exc:
        assert str(exc)
    else:
        assert article.text.strip()
