"""Tokenized news (CoNLL-2003 style) back to plain text, deterministically.

The quote dev set stores character offsets into documents rebuilt by this
function, so it must never change behaviour silently: the dev-set test
checks a fingerprint of its output. Rules: no space before closing
punctuation and clitics ("Pompeo 's" → "Pompeo's"); straight double quotes
hug what they quote, their direction tracked across sentences; one sentence
per line, except that a sentence ending inside an open quote continues on
the same line unless the next one re-opens the quote (the newspaper
convention for quotes that run over several paragraphs), and so does a
sentence that starts with a lowercase word (CoNLL splits '..." asked X').
"""

from __future__ import annotations

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{"})
QUOTE = '"'


def detokenize_lines(sentences: list[list[str]]) -> str:
    """One document's text with every sentence on its own line, as
    one-sentence-per-line exports are written: a quote that runs over
    several sentences then runs over several lines (the quote dev set reads
    its quotes in this layout, so the finder must follow them across)."""
    lines: list[str] = []
    inside = False
    for tokens in sentences:
        if not tokens:
            continue
        if tokens[0] == QUOTE:
            inside = False
        lines.append(_sentence(tokens, inside))
        inside = _inside_after(tokens, inside)
    return "\n".join(lines)


def detokenize(sentences: list[list[str]]) -> str:
    """One document's text from its sentences of tokens."""
    lines: list[str] = []
    inside = False
    for tokens in sentences:
        if not tokens:
            continue
        if tokens[0] == QUOTE:
            inside = False  # a sentence opening with a quote mark opens a quote
        # Split inside a quote, or before a lowercase word ('..." asked X'):
        # the same paragraph.
        continues = (inside and tokens[0] != QUOTE) or tokens[0][:1].islower()
        line = _sentence(tokens, inside)
        inside = _inside_after(tokens, inside)
        if lines and continues:
            # CoNLL sometimes ends a sentence with the mark that opens the next.
            lines[-1] += ("" if lines[-1].endswith(QUOTE) else " ") + line
        else:
            lines.append(line)
    return "\n".join(lines)


def _inside_after(tokens: list[str], inside: bool) -> bool:
    for token in tokens:
        if token == QUOTE:
            inside = not inside
    return inside


def _sentence(tokens: list[str], inside: bool) -> str:
    out: list[str] = []
    glue_next = False
    for i, token in enumerate(tokens):
        if token == QUOTE:
            opening = not inside
            inside = not inside
            if opening:
                if out and not glue_next:
                    out.append(" ")
                out.append(token)
                glue_next = True
            else:
                out.append(token)
                glue_next = False
            continue
        if out and not glue_next and token not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(token)
        glue_next = token in _NO_SPACE_AFTER or (token == "$" and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit())
    return "".join(out)
