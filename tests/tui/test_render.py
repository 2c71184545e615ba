"""reader.render: spans not markup, offsets kept, layers, speaker labels."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style

from reader.anchors import make_anchor
from reader.domain import Annotation, Article, Entity, Figure, Note, Paragraph, Quote
from reader.render import (
    DEFAULT_STYLES,
    Layers,
    paragraphs_of,
    plain_article,
    render_article,
    render_paragraphs,
    safe_text,
)

BODY = "Smith said “go [bold]now[/] \x1b[31m” in Paris.\n\nA photo of Smith. REUTERS/Jane Doe"


def article() -> Article:
    return Article(
        id="a1",
        title="[red]T[/red]",
        body=BODY,
        source="Wire",
        place="Paris",
        date="2020-01-02",
        paragraphs=[Paragraph(0, BODY.index("\n\n")), Paragraph(BODY.index("\n\n") + 2, len(BODY), "caption")],
    )


def annotation() -> Annotation:
    q_start = BODY.index("“")
    q_end = BODY.index("”") + 1
    paris = BODY.index("Paris")
    return Annotation(
        entities=[Entity(paris, paris + 5, "Paris", "LOCATION")],
        figures=[Figure("John Smith", None, [(0, 5), (BODY.index("Smith", 10), BODY.index("Smith", 10) + 5)])],
        quotes=[Quote(q_start, q_end, BODY[q_start:q_end], "John Smith", (0, 5))],
    )


def styles_at(text, offset: int) -> list[Style]:
    return [s.style for s in text.spans if s.start <= offset < s.end]


def test_safe_text_keeps_length_and_drops_controls() -> None:
    raw = "a\x1b[31mb\x07c\u202ed\te\nf"
    safe = safe_text(raw)
    assert len(safe) == len(raw)
    assert "\x1b" not in safe and "\x07" not in safe and "\u202e" not in safe and "\t" not in safe
    assert "\n" in safe


def test_paragraph_text_maps_one_to_one_to_the_body() -> None:
    paragraphs = render_paragraphs(article(), annotation())
    first, caption = paragraphs
    assert first.text.plain == safe_text(BODY[first.start : first.end])
    assert "[bold]now[/]" in first.text.plain  # literal, never markup
    assert caption.kind == "caption"
    assert DEFAULT_STYLES["caption"] in styles_at(caption.text, 0)
    quote = annotation().quotes[0]
    assert DEFAULT_STYLES["quote"] in styles_at(first.text, quote.start + 1)
    assert DEFAULT_STYLES["figure"] in styles_at(first.text, 0)
    assert DEFAULT_STYLES["place"] in styles_at(first.text, BODY.index("Paris"))


def test_layers_switch_highlights_off() -> None:
    [first, _] = render_paragraphs(article(), annotation(), layers=Layers(quotes=False, people=False, places=False))
    assert first.text.spans == []
    assert Layers().toggled("quotes") == Layers(quotes=False)


def test_notes_are_underlined_unless_orphaned() -> None:
    anchor = make_anchor(BODY, 0, 5, "paragraph")
    note = Note("n1", "a1", anchor, "mine", 0.0, 0.0)
    [first, _] = render_paragraphs(article(), None, [note])
    assert DEFAULT_STYLES["note"] in styles_at(first.text, 2)
    note.orphaned = True
    [first, _] = render_paragraphs(article(), None, [note])
    assert first.text.spans == []


def test_render_article_labels_speakers_inline() -> None:
    text = render_article(article(), annotation())
    assert "” — John Smith in Paris." in text.plain
    assert text.plain.startswith("[red]T[/red]\nWire · Paris · 2020-01-02 · ")
    unlabelled = render_article(article(), annotation(), speakers=False)
    assert "— John Smith" not in unlabelled.plain


def test_printed_output_has_no_raw_escape_from_the_text() -> None:
    console = Console(force_terminal=True, width=60, color_system="truecolor")
    with console.capture() as capture:
        console.print(render_article(article(), annotation()))
    output = capture.get()
    assert "\x1b[31m”" not in output and "[bold]now[/]" in output


def test_plain_article_and_fallback_paragraphs() -> None:
    bare = Article(id="b", title="", body="one\n\n\n two \n\nthree")
    assert [bare.body[p.start : p.end] for p in paragraphs_of(bare)] == ["one", "two", "three"]
    assert plain_article(bare).splitlines() == ["(untitled)", "3 words", "", "one", "", "two", "", "three"]
