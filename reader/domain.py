"""Domain objects shared by every layer.

These are plain dataclasses so the language pipeline, the storage layer, the
CLI and the TUI can pass them around without knowing about each other. Nothing
here imports Textual, TinyDB or NLTK: keeping this module dependency-free is
what lets the layers stay one-directional.

Offsets are always Python string indices into ``Article.body`` (the exact
text given to :func:`reader.nlp.annotate`), half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]

EntityLabel = Literal["PERSON", "ORGANIZATION", "LOCATION", "MISC"]


# --------------------------------------------------------------------------
# Language annotations (output of reader.nlp.annotate)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention as found in the text."""

    start: int
    end: int
    text: str
    label: str  # one of EntityLabel


@dataclass(slots=True)
class Figure:
    """A person named in the article, with every mention clustered together.

    ``name`` is the fullest form seen ("Mike Pompeo" even when most mentions
    are "Pompeo"); ``role`` is a title the text gives ("Secretary of State").
    """

    name: str
    role: str | None
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """A direct quote; ``start``/``end`` include the quotation marks.

    ``speaker`` is the canonical name of a :class:`Figure` (or ``None`` when
    nobody can be named); ``speaker_mention`` is the span in the text that the
    attribution was read from ("Pompeo", or "he" in "he added").
    ``speaker_kind`` says what the speaker is: ``"person"`` (then
    ``speaker`` is a figure's name), ``"organization"`` ("The Washington
    Post") or ``"description"`` ("a senior official"), both shown as
    written, or None when there is no speaker.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_mention: Span | None = None
    speaker_kind: str | None = None

    def __post_init__(self) -> None:
        # A speaker given without a kind is a person (how quotes were built
        # before kinds existed).
        if self.speaker is not None and self.speaker_kind is None:
            self.speaker_kind = "person"

    @property
    def person(self) -> str | None:
        """The speaker's name when the speaker is a person, else None."""
        return self.speaker if self.speaker_kind == "person" else None


@dataclass(slots=True)
class Annotation:
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict, which deep-copies field by field: this
        # runs once per imported article (~0.1 ms of the import's budget).
        return {
            "entities": [{"start": e.start, "end": e.end, "text": e.text, "label": e.label} for e in self.entities],
            "figures": [
                {"name": f.name, "role": f.role, "mentions": [list(m) for m in f.mentions]}
                for f in self.figures
            ],
            "quotes": [
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_mention": list(q.speaker_mention) if q.speaker_mention else None,
                    "speaker_kind": q.speaker_kind,
                }
                for q in self.quotes
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        return cls(
            entities=[Entity(**e) for e in data.get("entities", [])],
            figures=[
                Figure(f["name"], f.get("role"), [tuple(m) for m in f.get("mentions", [])])  # type: ignore[misc]
                for f in data.get("figures", [])
            ],
            quotes=[
                Quote(
                    q["start"],
                    q["end"],
                    q["text"],
                    q.get("speaker"),
                    tuple(q["speaker_mention"]) if q.get("speaker_mention") else None,  # type: ignore[arg-type]
                    q.get("speaker_kind", "person" if q.get("speaker") else None),
                )
                for q in data.get("quotes", [])
            ],
        )


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------

ParagraphKind = Literal["body", "caption", "heading", "blockquote", "item", "code"]
InlineKind = Literal["emphasis", "strong", "code", "link"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of ``Article.body``; captions are kept in the text (so
    offsets stay valid and the photo credit is still a named figure) but are
    rendered apart."""

    start: int
    end: int
    kind: str = "body"  # one of ParagraphKind


@dataclass(frozen=True, slots=True)
class InlineSpan:
    """Formatting the source gave a stretch of the body (HTML or Markdown):
    emphasis, strong, code, or a link to ``target``.

    Kept beside the text rather than in it, like every other span: the body
    stays exactly the text that was annotated, so quote and note offsets hold.
    ``target`` is untrusted (shown as text, opened only if http/https).
    """

    start: int
    end: int
    kind: str  # one of InlineKind
    target: str | None = None


@dataclass(slots=True)
class Article:
    """One stored article.

    ``id`` is derived from the normalised body (see ``reader.articles``), so
    re-adding the same text is idempotent. ``body`` is sanitised text: no
    control characters or escape sequences survive import.
    """

    id: str
    title: str
    body: str
    source: str | None = None
    place: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    author: str | None = None
    origin: str | None = None  # where it was imported from (path, URL, "stdin")
    paragraphs: list[Paragraph] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    inline: list[InlineSpan] = field(default_factory=list)  # in body order

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def links(self) -> list[InlineSpan]:
        """The links in the text, in reading order."""
        return [span for span in self.inline if span.kind == "link" and span.target]


@dataclass(slots=True)
class ArticleSummary:
    """One row of the library list: everything the library screen shows
    without loading the body or the annotation."""

    id: str
    title: str
    source: str | None
    place: str | None
    date: str | None
    words: int
    quotes: int
    figures: int
    people: list[str] = field(default_factory=list)  # canonical figure names, for filtering
    added_at: float = 0.0
    bookmarked: bool = False
    notes: int = 0
    read: bool = False
    new: bool = False  # arrived by a feed refresh and not opened yet
    url: str | None = None


# --------------------------------------------------------------------------
# What the user creates
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Anchor:
    """Where a note or highlight sits in an article.

    Offsets alone break when the stored text changes, so the quoted text and a
    little context on each side are kept too; ``reader.anchors`` re-attaches
    with them and flags the anchor as orphaned when it cannot.
    """

    start: int
    end: int
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    kind: str = "paragraph"  # "article" | "paragraph" | "quote" | "selection"


@dataclass(slots=True)
class Note:
    id: str
    article_id: str
    anchor: Anchor
    text: str  # may be empty for a plain highlight
    created_at: float
    updated_at: float
    highlight: bool = False
    orphaned: bool = False


@dataclass(slots=True)
class Bookmark:
    """A bookmark on an article (``position`` None) or on a place inside it."""

    id: str
    article_id: str
    position: int | None
    label: str
    created_at: float
