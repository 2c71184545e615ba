"""reader: a terminal reader for news articles.

Kept import-light on purpose: ``import reader`` must not pull in NLTK,
Textual or TinyDB, so the CLI and the TUI start fast.
"""

__version__ = "0.1.0"
