"""Hypothesis strategies for tests/test_properties.py: arbitrary Unicode, and a news-like
grammar that composes names, numbers, count cues, quotation marks, cue verbs, dates,
datelines and HTML fragments so the extractors' own code paths run, not only their early
exits. Odd values (year 9999, 400 digits, unbalanced marks, "2011-13-45") are on purpose.
"""

from __future__ import annotations

from hypothesis import strategies as st

from flows.ids import article_id
from flows.models import CleanArticle

ODD_CHARACTERS = (
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u0301",
    "\u0308",
    "\u20dd",
    "\ufffd",
    "\r",
    "\r\n",
    "\t",
    "\U0001f600",
    "\u0627\u0644\u0642\u0627\u0639\u062f\u0629",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0130",
    "\u00df",
    "\ufb01",
    "\u2160",
    "\u0663",
    "\uff11",
    "\u00bd",
    "\u00b2",
    "Ã©",
    "â€™",
    "â€œ",
)
# Valid Unicode: what a decoded file can hold (ingest decodes strictly, so no lone surrogate)
# and what a clean body is held to (Parquet and DuckDB store UTF-8).
valid_text = st.one_of(
    st.text(),
    st.text(
        alphabet=st.one_of(
            st.characters(exclude_categories=["Cs"]),
            st.sampled_from([c for c in ODD_CHARACTERS if len(c) == 1]),
        )
    ),
    st.lists(st.sampled_from((*ODD_CHARACTERS, "a", "A", " ", "\n", ".", '"', "1"))).map("".join),
)
# Any str at all, lone surrogates included: cleaning must still end in an article or a
# CleanError.
any_text = st.one_of(
    valid_text,
    st.text(alphabet=st.one_of(st.characters(categories=["Cs"]), st.sampled_from("a .\n<p>"))),
)

NAMES = (
    "General John Smith",
    "U.S.",
    "NATO",
    "Hamid Karzai",
    "the Taliban",
    "ISAF",
    "Lt. Col. Mary O'Neil",
    "Mr. Obama",
    "al-Qaida",
    "Osama bin Laden",
    "McChrystal",
    "Ministry of Defense",
    "Afghan National Army",
    "Kabul",
    "Helmand province",
    "KABUL",
    "Ursula von der Leyen",
    "President",
    "He",
    "she",
    "a spokesman",
    "the U.N.",
    "International Security Assistance Force (ISAF)",
    "Zabihullah Mujahid",
    "Paris",
    "Sen. John McCain",
    "Georgia",
    "Jordan",
    "Washington",
    "Reuters",
    "Associated Press",
    "José Martí",
    "Ahmed",
    "Afghanistan",
    "S.",
    "Dr.",
    "Mc",
    "O'",
    "X Æ A-12",
)
NUMBERS = (
    "130,000",
    "1.5 million",
    "dozens",
    "two",
    "-5",
    "0",
    "10-15",
    "99999999999999999999",
    "a dozen",
    "twenty-five",
    "two hundred and fifty",
    "1,2,3",
    "1.",
    ".5",
    "3.14159",
    "eight to 12",
    "between three and six",
    "zero",
    "hundreds",
    "thousand",
    "million",
    "one",
    "1,000,000,000,000",
    "00",
    "12th",
    "1st",
    "5%",
    "$300",
    "1e9",
    "½",
    "٣",
    "nine and",
    "and",
    "-",
    "10 to 5",
    "between 0 and 0",
    "0.0001",
    "9" * 400,
)
CUES = (
    "killed",
    "wounded",
    "troops",
    "captured",
    "at least",
    "more than",
    "soldiers",
    "civilians",
    "insurgents",
    "were killed",
    "died",
    "injured",
    "detained",
    "arrested",
    "people",
    "fighters",
    "up to",
    "nearly",
    "about",
    "some",
    "including",
    "of them",
    "among them",
    "police officers",
    "militants",
    "were",
    "and",
    "the",
    "of",
    "another",
    "Afghan",
    "Americans",
    "bodies",
    "dead",
    "casualties",
)
QUOTE_MARKS = (
    '"',
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "''",
    "\u00ab",
    "\u00bb",
    "'",
    "\u201e",
    "``",
    '""',
    "\u2019\u201d",
    "\u201c\u2018",
)
CUE_VERBS = (
    "said",
    "told reporters",
    "said in a statement",
    "according to",
    "added",
    "says",
    "told CNN:",
    "wrote",
    "asked",
    "declared",
    "said.",
    "said,",
    ":",
    "tweeted",
    "called",
    "reads",
)
DATES = (
    "Jan. 10, 2011",
    "Monday",
    "yesterday",
    "last year",
    "2011-13-45",
    "31 February",
    "February 31, 2011",
    "year 0",
    "9999",
    "Jan. 10, 9999",
    "1 January 0001",
    "0001-01-01",
    "9999-12-31",
    "Dec. 31, 9999",
    "Jan. 1, 1800",
    "1799",
    "2100",
    "2101",
    "last Monday",
    "next Friday",
    "this week",
    "next year",
    "999 years ago",
    "two weeks ago",
    "past 24 hours",
    "last 999 days",
    "overnight",
    "tonight",
    "in May",
    "May",
    "March of next year",
    "Sept. 1",
    "late 2010",
    "the 1990s",
    "30 seconds",
    "a year ago",
    "Feb. 29, 2011",
    "Feb. 29, 2012",
    "2012-02-30",
    "Published: Jan. 10, 9999",
    "Posted on 31 December 9999",
    "posted: 1 Jan 0001",
)
DATELINES = (
    "KABUL, Afghanistan (Jan. 10, 2011) –",
    "WASHINGTON, Jan. 5 (Reuters) -",
    "KABUL, Afghanistan (Sept. 1) -",
    "LONDON (AP) —",
    "BAGHDAD, Iraq (Dec. 31, 9999) -",
    "PARIS, France (Feb. 30, 2011) -",
    "BERLIN, Jan. 0 (dpa) -",
    "Updated 10:32 GMT",
    "2010-09-CA-005",
    "By John Smith",
    "By JOHN SMITH | Reuters",
    "Posted: Jan. 1, 2011",
)
FILLER = (
    "the",
    "a",
    "in",
    "on",
    "of",
    "and",
    "was",
    "were",
    "province",
    "attack",
    "village",
    "near",
    "after",
    "during",
    "operation",
    "it",
    "they",
    "him",
    "more",
    "than",
    ",",
    ".",
    "?",
    "!",
    ";",
    "(",
    ")",
    "—",
    "–",
    "-",
    "…",
    "/",
    "&",
    "#",
    "@",
    "http://x.y/z",
    "www.example.com",
    "Share",
    "Comments",
    "Read more",
    "Advertisement",
    "*",
)
HTML_BITS = (
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>var a = '<p>';</script>",
    "<br>",
    "<br/>",
    "<h1>",
    "</h1>",
    "<title>",
    "</title>",
    "<a href='x'>",
    "</a>",
    "<b>",
    "<p",
    "</",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&nbsp;",
    "&bogus;",
    "&#65;",
    "&lt;p&gt;",
    "<!-- comment",
    "-->",
    "<![CDATA[x]]>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "<meta name='date' content='9999-12-31'>",
    "<meta property='og:title' content='T'>",
    "<html>",
    "<body>",
    "<article>",
    "</article>",
    "<nav>Home</nav>",
    "<table><tr><td>",
    "<style>p{}</style>",
    "<svg><text>x</text></svg>",
    "<noscript>",
    "\x00",
)
SEPARATORS = (" ", " ", " ", ", ", ". ", "\n", "\n\n", "\t", "\u00a0", "")

long_token = st.integers(1, 3000).map(lambda n: "x" * n)
capitalized_name = st.tuples(
    st.sampled_from(("", "Gen. ", "Col. ", "Mr. ", "Sheikh ", "President ")),
    st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True),
).map(lambda parts: f"{parts[0]}{parts[1]} {parts[2]}")
integer_text = st.integers(-(10**25), 10**25).map(lambda n: f"{n:,}" if n % 2 else str(n))

fragment = st.one_of(
    st.sampled_from(NAMES),
    capitalized_name,
    st.sampled_from(NUMBERS),
    integer_text,
    st.sampled_from(CUES),
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CUE_VERBS),
    st.sampled_from(DATES),
    st.sampled_from(DATELINES),
    st.sampled_from(FILLER),
    st.sampled_from(ODD_CHARACTERS),
    long_token,
    st.text(max_size=8),
)


@st.composite
def templated_sentence(draw: st.DrawFn) -> str:
    """A sentence shaped like news copy, so counts, quotes and dates are really found."""
    name = draw(st.one_of(st.sampled_from(NAMES), capitalized_name))
    number = draw(st.one_of(st.sampled_from(NUMBERS), integer_text))
    qualifier = draw(st.sampled_from(("", "at least ", "more than ", "up to ", "about ")))
    people = draw(st.sampled_from(("troops", "soldiers", "civilians", "insurgents", "people")))
    cue = draw(st.sampled_from(("killed", "wounded", "captured", "detained", "deployed")))
    day = draw(st.sampled_from(DATES))
    verb = draw(st.sampled_from(CUE_VERBS))
    opening, closing = draw(
        st.sampled_from(
            (
                ("\u201c", "\u201d"),
                ('"', '"'),
                ("\u2018", "\u2019"),
                ("''", "''"),
                ("\u00ab", "\u00bb"),
                ('"', ""),
                ("", "\u201d"),
                ("\u201d", "\u201d"),
                ("'", "'"),
            )
        )
    )
    words = draw(st.lists(st.sampled_from(FILLER + CUES), min_size=0, max_size=12))
    said = " ".join(words)
    shapes = (
        f"{qualifier}{number} {people} were {cue} in {name} on {day}.",
        f"{name} {verb} {qualifier}{number} {people} were {cue} {day}.",
        f"{opening}{said} {number} {people} {cue},{closing} {name} {verb}.",
        f"{name} {verb} {opening}{said}.{closing}",
        f"{opening}{said}{closing} {verb} {name} {day}.",
        f"{day}, {number} {cue} and {number} {cue}, {qualifier}{number} of them {people}.",
        f"{name} {verb}: {opening}{said}",
    )
    return draw(st.sampled_from(shapes))


sentence = st.one_of(
    templated_sentence(),
    st.lists(fragment, min_size=1, max_size=25).map(" ".join),
)


@st.composite
def news_text(draw: st.DrawFn) -> str:
    """Headline, optional dateline and byline, then sentences split into paragraphs."""
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(st.lists(fragment, min_size=1, max_size=8).map(" ".join)) + "\n")
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(DATELINES)) + draw(st.sampled_from(("\n", " "))))
    for text in draw(st.lists(sentence, min_size=1, max_size=12)):
        parts.append(text + draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


@st.composite
def news_html(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(st.one_of(sentence, st.sampled_from(HTML_BITS)), min_size=1, max_size=20)
    )
    wrapped = [f"<p>{piece}</p>" if draw(st.booleans()) else piece for piece in pieces]
    return "".join(wrapped)


header_line = st.one_of(
    st.sampled_from(DATELINES + DATES),
    fragment,
    st.lists(fragment, min_size=1, max_size=6).map(" ".join),
)
LABELS = ("title", "dateline", "byline", "boilerplate", "body")


@st.composite
def article_with_header(draw: st.DrawFn) -> CleanArticle:
    """What metadata extraction reads besides the body: header lines, dropped lines with
    their labels, and the fields trafilatura found in a page's markup."""
    body = draw(news_text())
    meta_keys = st.sampled_from(("title", "author", "date", "sitename", "description"))
    return CleanArticle(
        "prop.html",
        "0" * 64,
        article_id(body),
        draw(st.sampled_from(("text", "html"))),
        "en",
        draw(st.one_of(st.just(""), header_line)),
        body,
        header_lines=tuple(draw(st.lists(header_line, max_size=4))),
        dropped_lines=tuple(
            draw(st.lists(st.tuples(st.sampled_from(LABELS), header_line), max_size=5))
        ),
        html_meta=draw(st.dictionaries(meta_keys, st.one_of(header_line, valid_text), max_size=4)),
    )
