"""The plain-text article format: metadata, paragraphs, dateline, captions, title.

The seed format is what news text dumps look like in practice::

     date 2019-02-06 WASHINGTON (Reuters) - U.S. Secretary of State ...

    U.S. Secretary of State Mike Pompeo speaks ... REUTERS/Kevin Lamarque

i.e. optional ``key value`` metadata -- here on the *same line* as the start of
the body -- then paragraphs separated by blank lines. Metadata is only taken
when the key is known and the value is plausible (a date that parses, a URL
that looks like one, a single short line), so a body that merely starts with
the word "title" or "Date" keeps its first words.

``Article.body`` is rebuilt from the paragraphs, joined by ``"\\n\\n"``; the
dateline stays in the body (it is part of the text the annotator sees and the
renderer may dim it: ``meta["dateline"]`` is its exact text at offset 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.articles.dates import DATE_PREFIX, parse_date
from reader.articles.errors import ImportRejected
from reader.articles.ids import article_id, normalise_for_id
from reader.articles.sanitize import clean_line, sanitize
from reader.domain import Article, InlineSpan, Paragraph

META_KEYS = ("date", "title", "source", "url", "author", "place")
_LINE_KEYS = {"title": 300, "source": 80, "author": 120, "place": 80}

# ---------------------------------------------------------------------------
# metadata
# ---------------------------------------------------------------------------

_KEY = re.compile(r"[ \t]*(?P<key>[A-Za-z]+)(?P<colon>[ \t]*:)?[ \t]+")
_URL = re.compile(r"https?://[^\s<>\"]+")


@dataclass(slots=True)
class _Header:
    values: dict[str, str] = field(default_factory=dict)
    rest: str = ""


def _read_header(text: str) -> _Header:
    """Peel recognised ``key value`` pairs off the start of ``text``.

    Keys are lower-case (``date``), or any case when followed by a colon
    (``Title: ...``), which is unambiguous enough. ``date`` and ``url`` values
    are self-delimiting, so they may share a line with the body, as in the
    seed; the others must fill the rest of their line and be followed by more
    text.
    """
    header = _Header()
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        match = _KEY.match(text, pos)
        if not match:
            break
        key_text = match["key"]
        key = key_text.lower()
        if key not in META_KEYS or key in header.values:
            break
        if key_text != key and not match["colon"]:
            break
        start = match.end()
        if key in ("date", "url"):
            value_match = (DATE_PREFIX if key == "date" else _URL).match(text, start)
            if not value_match:
                break
            value = value_match.group()
            if key == "date":
                value = parse_date(value) or ""
                if not value:
                    break
            header.values[key] = value
            pos = value_match.end()
            continue
        line_end = text.find("\n", start)
        if line_end < 0 or not text[line_end:].strip():
            break  # nothing after it: this line *is* the body
        value = text[start:line_end].strip()
        if not value or len(value) > _LINE_KEYS[key]:
            break
        if not match["colon"] and _looks_like_sentence(value):
            break  # "title deeds were lost in the flood, officials said." is body text
        header.values[key] = value
        pos = line_end + 1
    header.rest = text[pos:]
    return header


def _looks_like_sentence(value: str) -> bool:
    """Headlines, names and places do not end in a full stop after many words."""
    return value.endswith((".", "!", "?", ".”", ".\"")) and len(value.split()) > 6


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<block>.*?)\n---[ \t]*\n", re.S)
_FRONT_LINE = re.compile(r"(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*(?P<value>.*)")


def _read_front_matter(text: str) -> _Header:
    """Markdown front matter (``---`` / ``key: value`` / ``---``), simple keys only."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return _Header(rest=text)
    header = _Header(rest=text[match.end():])
    for line in match["block"].splitlines():
        item = _FRONT_LINE.fullmatch(line.strip())
        if item and item["key"].lower() in META_KEYS:
            header.values[item["key"].lower()] = item["value"].strip().strip("\"'")
    return header


# ---------------------------------------------------------------------------
# paragraphs
# ---------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\n]+")


def split_paragraphs(text: str) -> list[str]:
    """Paragraph texts with inner whitespace collapsed.

    Blank lines separate paragraphs. Text without a single blank line but
    with several lines (web extractions, one-paragraph-per-line dumps) is
    taken as one paragraph per line. (Markdown has its own reader:
    :mod:`reader.articles.markdown`.)
    """
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    paragraphs: list[str] = []
    for block in blocks:
        collapsed = _SPACES.sub(" ", block).strip()
        if collapsed:
            paragraphs.append(collapsed)
    return paragraphs


# ---------------------------------------------------------------------------
# dateline
# ---------------------------------------------------------------------------

# Letters of any script (checked to be capitals after matching, as re has no
# Unicode "uppercase" class): ZÜRICH and SÃO PAULO are datelines too.
_PLACE_WORD = r"[^\W\d_][^\W\d_'.\-]*(?:['.\-][^\W\d_]*)*\.?"
_DATELINE = re.compile(
    r"(?P<place>" + _PLACE_WORD + r"(?:[ /]+" + _PLACE_WORD + r")*"
    r"(?:,[ ](?P<region>[A-Z][a-z]{1,12}\.?(?:[ ][A-Z][a-z]+\.?)?))?)"
    r"(?:,[ ](?P<day>[A-Z][a-z]{2,8}\.?[ ]\d{1,2}))?"
    r"[ ]?(?:\((?P<source>[^\W\d_][^\W\d_ .&'\-]*(?:[ .&'\-]+[^\W\d_]+){0,5}\.?)\)[ ]*)?"
    r"[-–—]{1,2}[ ]+"
)
_DATELINE_MAX = 160  # longer openings are not datelines; also keeps the match cheap
_LOWER_PARTICLES = {"de", "da", "del", "do", "dos", "la", "le", "of", "on", "upon", "am", "an", "der", "el", "al"}


def _title_case_place(place: str) -> str:
    def word(token: str, first: bool) -> str:
        lower = token.lower()
        if not first and lower in _LOWER_PARTICLES:
            return lower
        return re.sub(r"(^|[-'/.])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), lower)

    tokens = re.split(r"(\s+|/)", place)
    out, first = [], True
    for token in tokens:
        if not token or token.isspace() or token == "/":
            out.append(token)
            first = first or token == "/"
            continue
        out.append(word(token, first))
        first = False
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # exactly as it opens the body, trailing space included
    place: str
    source: str | None
    day: str | None  # "May 3" when the dateline carries one


def find_dateline(paragraph: str) -> Dateline | None:
    """``WASHINGTON (Reuters) - `` and friends at the start of ``paragraph``.

    Without an agency in brackets, the place must be at least three letters
    of capitals followed by a spaced dash (``KYIV — ``), so that an opening
    like ``U.S. - China talks`` is not read as a dateline.
    """
    match = _DATELINE.match(paragraph[:_DATELINE_MAX])
    if not match:
        return None
    place_caps = match["place"].split(",")[0]
    letters = sum(c.isalpha() for c in place_caps)
    if letters < 2 or not place_caps.isupper():
        return None
    if match["source"] is None and (letters < 3 or "." in place_caps):
        return None
    place = _title_case_place(place_caps.strip())
    if match["region"]:
        place = f"{place}, {match['region']}"
    return Dateline(match.group(), place, match["source"].strip() if match["source"] else None, match["day"])


# ---------------------------------------------------------------------------
# captions
# ---------------------------------------------------------------------------

_CAPTION_END = re.compile(
    r"(?:"
    r"\bREUTERS/[^.!?\"“”]{1,80}"  # REUTERS/Kevin Lamarque, REUTERS/Stringer/File Photo
    r"|\((?:AP|AFP|EPA|Reuters|Getty|Xinhua|Bloomberg)[^()]{0,20}Photo[^()]{0,80}\)"  # (AP Photo/Evan Vucci)
    r"|\b(?:AFP|EPA(?:-EFE)?|AP|ANP|KCNA|Xinhua)(?:\s+PHOTO)?\s*/\s*[^.!?\"“”]{1,80}"  # AFP/Getty Images
    r"|\b(?:Photo(?:graph)?|Picture|Image|Credit|Photographer)s?(?:\s+credit)?\s*:\s*[^.!?\"“”]{1,80}"
    r"|\b(?:Photo(?:graph)?|Picture)\s+by\s+[A-Z][^.!?\"“”]{1,80}"
    r"|/\s*(?:Getty Images|Shutterstock|Bloomberg|Alamy|AP|AFP)"
    r")[.)]?\s*$"
)
_MAX_CAPTION = 600
_CAPTION_TAIL = 140  # a credit is at most this long


def is_caption(paragraph: str) -> bool:
    """A photo caption: a short paragraph ending in a photo credit."""
    if len(paragraph) > _MAX_CAPTION:
        return False
    tail = paragraph[-_CAPTION_TAIL:]
    if "/" not in tail and ":" not in tail and " by " not in tail:
        return False  # every credit form has one of these: skip the regex for most paragraphs
    return _CAPTION_END.search(tail) is not None


# ---------------------------------------------------------------------------
# title
# ---------------------------------------------------------------------------

_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Maj|St|Jr|Sr|Inc|Co|Corp|Ltd|"
    r"No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mo|Ala|Ariz|Calif|Fla|Ga|Ill|Mass|Mich|"
    r"Minn|Pa|Va|Wash|Wis)\.)$"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_CLAUSE_BREAKS = re.compile(r",\s|;\s|:\s|\s[-–—]\s|\s(?=(?:that|and|but|which|who|after|as|while|because|when|amid|saying)\s)")
_WEAK_END = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "that", "with", "by", "from",
    "as", "its", "his", "her", "their", "was", "is", "were", "are", "be", "who", "which", "not", "mr", "ms", "mrs",
    "before", "into", "over", "under", "about", "than", "since", "until", "during", "against", "between",
    "without", "within", "amid", "among", "after", "will", "would", "has", "had", "have", "could", "should",
    "can", "may", "said", "says", "this", "these", "those", "our", "my", "your", "up", "out",
}
TITLE_TARGET = 90
TITLE_MAX = 100


def first_sentence(text: str) -> str:
    text = text[:2000]  # a title never needs more; keeps this linear on huge inputs
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 12) : match.start() + 1]  # the word before the period
        if _ABBREVIATION.search(before):
            continue
        return text[: match.end()].strip()
    return text.strip()


def _trim_weak_end(text: str) -> str:
    words = text.rstrip(" ,;:-–—").split(" ")
    while len(words) > 3 and words[-1].lower().strip("\"“”‘’'()") in _WEAK_END:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—")


def _balance_quotes(text: str) -> str:
    """Drop a dangling opening quote mark left by the cut."""
    for opening, closing in (("“", "”"), ("‘", "’")):
        if text.count(opening) > text.count(closing):
            cut = text.rfind(opening)
            text = text[:cut].rstrip() if cut > 30 else text.replace(opening, "")
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut].rstrip() if cut > 30 else text.replace('"', "")
    return text


def derive_title(lead: str) -> str:
    """A headline-length title from the lead paragraph (dateline removed).

    The first sentence is used whole when it fits; otherwise it is cut at the
    last clause boundary in a sensible window, else at a word boundary, never
    ending on a function word, and marked with an ellipsis.
    """
    sentence = first_sentence(lead)
    if len(sentence) <= TITLE_MAX:
        return sentence.rstrip(".") if not sentence.endswith("..") else sentence
    window = sentence[: TITLE_MAX]
    cut = None
    for match in _CLAUSE_BREAKS.finditer(window):
        if 45 <= match.start() <= TITLE_TARGET:
            cut = match.start()
    if cut is None:
        cut = window.rfind(" ", 0, TITLE_TARGET + 1)
        if cut < 20:
            cut = TITLE_TARGET
    title = _balance_quotes(_trim_weak_end(sentence[:cut]))
    return title.rstrip(" ,;:") + "…"


# ---------------------------------------------------------------------------
# assembling an Article
# ---------------------------------------------------------------------------


def build_article(
    paragraph_texts: list[str],
    *,
    metadata: dict[str, str | None] | None = None,
    origin: str | None = None,
    kinds: list[str] | None = None,
    inline: list[list[InlineSpan]] | None = None,
) -> Article:
    """The Article for ready-split paragraphs plus metadata from any source
    (header lines, HTML meta tags, JSON fields, feed entries).

    ``kinds`` and ``inline`` (per paragraph, in the paragraph's offsets) come
    from structured sources (HTML, Markdown): headings, list items, emphasis,
    links. Only ``body`` paragraphs can be captions or hold the dateline.
    """
    if not paragraph_texts:
        raise ImportRejected("empty: no article text found", source=origin)
    metadata = {key: value for key, value in (metadata or {}).items() if value}
    given_kinds = kinds or ["body"] * len(paragraph_texts)
    body = "\n\n".join(paragraph_texts)
    paragraphs: list[Paragraph] = []
    spans: list[InlineSpan] = []
    offset = 0
    dateline = find_dateline(paragraph_texts[0]) if given_kinds[0] == "body" else None
    for index, text in enumerate(paragraph_texts):
        kind = given_kinds[index]
        if kind == "body" and (index > 0 or dateline is None) and is_caption(text):
            kind = "caption"
        paragraphs.append(Paragraph(offset, offset + len(text), kind))
        if inline and index < len(inline):
            spans.extend(InlineSpan(offset + i.start, offset + i.end, i.kind, i.target) for i in inline[index])
        offset += len(text) + 2

    meta: dict[str, str] = {}
    if dateline is not None:
        meta["dateline"] = dateline.text
        if dateline.day:
            meta["dateline_day"] = dateline.day
    lead = next((p for p, para in zip(paragraph_texts, paragraphs) if para.kind == "body"), paragraph_texts[0])
    if dateline is not None and lead is paragraph_texts[0]:
        lead = lead[len(dateline.text):]

    title = clean_line(metadata.get("title"), limit=300) or clean_line(derive_title(lead), limit=300) or "Untitled"
    return Article(
        id=article_id(body),
        title=title,
        body=body,
        source=clean_line(metadata.get("source"), limit=80) or (dateline.source if dateline else None),
        place=clean_line(metadata.get("place"), limit=80) or (dateline.place if dateline else None),
        date=parse_date(metadata.get("date")) if metadata.get("date") else None,
        url=clean_line(metadata.get("url"), limit=2000),
        author=clean_line(metadata.get("author"), limit=200),
        origin=origin,
        paragraphs=paragraphs,
        meta=meta,
        inline=spans,
    )


def build_from_blocks(
    blocks: list[tuple[str, str, list[InlineSpan]]],
    *,
    metadata: dict[str, str | None] | None = None,
    origin: str | None = None,
) -> Article:
    """:func:`build_article` for (kind, text, spans) blocks (HTML, Markdown)."""
    return build_article(
        [text for _, text, _ in blocks],
        metadata=metadata,
        origin=origin,
        kinds=[kind for kind, _, _ in blocks],
        inline=[spans for _, _, spans in blocks],
    )


# ---------------------------------------------------------------------------
# metadata lines at the top of the body: headline, byline, date line
# ---------------------------------------------------------------------------

Block = tuple[str, str, list[InlineSpan]]
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 160
_BYLINE_START = re.compile(r"by[ \t]+", re.I)
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,|·]|\s[-–—]\s)\s*")
_NAME_JOINERS = {"and", "&"}
_NAME_PARTICLES = {"de", "da", "del", "der", "van", "von", "la", "le", "al", "el", "bin", "ibn", "dos", "du", "di"}
_DATE_LINE = re.compile(r"(?:(?:published|updated|posted)(?:\s+on)?\s*:?\s*)?(?P<date>.{6,40}?)\.?", re.I)


def same_text(a: str, b: str) -> bool:
    """Equal once spacing, quote styles and case are ignored (a headline
    repeated as the first paragraph)."""
    return normalise_for_id(a).casefold() == normalise_for_id(b).casefold()


def _name_like(part: str) -> bool:
    """"Morag Stewart", "Ana de la Cruz", "Jo Lee and Sam Park"."""
    words = part.split()
    names = [w for w in words if w.lower() not in _NAME_JOINERS]
    if not 1 <= len(names) <= 8 or len(part) > 80:
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in names if w) and any(
        w[0].isupper() for w in names
    )


@dataclass(frozen=True, slots=True)
class Byline:
    author: str
    date: str | None


def read_byline(paragraph: str) -> Byline | None:
    """``By Morag Stewart, 14 September 2024`` -> author and date.

    Every part after "By" must be a name, a date or a short capitalised
    affiliation ("Reuters", "Staff Writer"); "By the time the ferry came, …"
    is body text.
    """
    if len(paragraph) > 160 or not _BYLINE_START.match(paragraph):
        return None
    rest = paragraph[_BYLINE_START.match(paragraph).end():].strip().rstrip(".")
    authors: list[str] = []
    date = None
    parts = [p.strip() for p in _BYLINE_SEPARATORS.split(rest) if p.strip()]
    index = 0
    while index < len(parts):
        part = parts[index]
        joined = f"{part}, {parts[index + 1]}" if index + 1 < len(parts) else ""
        if joined and parse_date(joined):  # "September 14, 2024" was split at its comma
            date, index = date or parse_date(joined), index + 2
            continue
        parsed = parse_date(part)
        if parsed:
            date = date or parsed
        elif _name_like(part):
            if date is None and len(authors) < 3:
                authors.append(part)
        else:
            return None
        index += 1
    if not authors:
        return None
    return Byline(", ".join(authors), date)


def read_date_line(paragraph: str) -> str | None:
    """A paragraph that is only a date ("14 September 2024", "Published: 2024-09-14")."""
    if len(paragraph) > 60:
        return None
    match = _DATE_LINE.fullmatch(paragraph.strip())
    return parse_date(match["date"]) if match else None


def looks_like_headline(text: str, following: list[str]) -> bool:
    """A short unpunctuated line opening a text, followed (after any byline
    or date line) by a longer paragraph."""
    words = text.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if text.endswith((".", ",", ";", ":", "!", "”", "\"", "'", "’")) or text[0] in "“\"‘'(-–—•*":
        return False
    if not (text[0].isupper() or text[0].isdigit()) or find_dateline(text) or read_byline(text):
        return False
    body = next((p for p in following[:3] if read_byline(p) is None and read_date_line(p) is None), "")
    return len(body.split()) > len(words)


def take_lead_metadata(blocks: list[Block], values: dict[str, str]) -> list[Block]:
    """Move the headline, byline and date line that open many plain-text and
    Markdown articles out of the body into ``values`` (title, author, date),
    so the dateline after them is found and the article sorts by its date.

    A heading first (Markdown) is the title; so is a headline: a short line
    without a full stop followed by a longer paragraph. A first paragraph
    repeating the title (from metadata or front matter) is dropped.
    """
    blocks = list(blocks)
    if blocks and "title" not in values:
        kind, text, _ = blocks[0]
        if kind == "heading":
            values["title"] = text
            blocks.pop(0)
        elif len(blocks) > 1 and kind == "body" and looks_like_headline(text, [b[1] for b in blocks[1:]]):
            values["title"] = text
            blocks.pop(0)
    elif blocks and same_text(blocks[0][1], values["title"]):
        blocks.pop(0)
    for _ in range(2):  # a byline and a date line, in either order
        if len(blocks) < 2 or blocks[0][0] not in ("body", "heading"):
            break
        text = blocks[0][1]
        byline = read_byline(text)
        if byline is not None:
            values.setdefault("author", byline.author)
            if byline.date:
                values.setdefault("date", byline.date)
            blocks.pop(0)
            continue
        date = read_date_line(text)
        if date is not None:
            values.setdefault("date", date)
            blocks.pop(0)
            continue
        break
    return blocks


def parse_text(text: str, *, origin: str | None = None, fmt: str = "txt") -> Article:
    """One article from text in the seed format (``fmt`` "txt" or "md").

    Metadata comes from, in this order of preference: Markdown front matter,
    ``key value`` header lines, then the lines that open the body (a headline,
    ``By Name, date``, a date alone; see :func:`take_lead_metadata`). Markdown
    is parsed (:mod:`reader.articles.markdown`) into headings, list items,
    emphasis and links. Raises :class:`ImportRejected` when nothing but
    metadata is left.
    """
    text = sanitize(text)
    markdown = fmt in ("md", "markdown")
    header = _read_front_matter(text) if markdown else _Header(rest=text)
    more = _read_header(header.rest)
    values = {**more.values, **header.values}
    if markdown:
        from reader.articles.markdown import markdown_blocks

        blocks = markdown_blocks(more.rest)
    else:
        blocks = [("body", paragraph, []) for paragraph in split_paragraphs(more.rest)]
    blocks = take_lead_metadata(blocks, values)
    if not blocks:
        raise ImportRejected("empty: no article text found", source=origin)
    return build_from_blocks(blocks, metadata=values, origin=origin)
