from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from reader.domain import Article


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A second server whose slow handlers do not block the shared one."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


class FakeLibrary:
    """The Library methods the feed code uses, in memory."""

    def __init__(self) -> None:
        self.state: dict[str, Any] = {}
        self.articles: dict[str, Article] = {}
        self.new: set[str] = set()
        self.fail_on: str | None = None  # a title whose add_article raises

    def user_state(self, key: str, default: Any = None) -> Any:
        return self.state.get(key, default)

    def set_user_state(self, key: str, value: Any) -> None:
        import json

        self.state[key] = json.loads(json.dumps(value))  # must be JSON-able

    def update_user_state(self, key: str, fn: Any, default: Any = None) -> Any:
        import copy

        value = fn(copy.deepcopy(self.state.get(key, default)))
        self.set_user_state(key, value)
        return value

    def add_article(self, article: Article, *, new: bool = False) -> bool:
        if self.fail_on and article.title == self.fail_on:
            raise OSError("disk full")
        if article.id in self.articles or any(a.url and a.url == article.url for a in self.articles.values()):
            return False
        self.articles[article.id] = article
        if new:
            self.new.add(article.id)
        return True

    def replace_article(self, old_id: str, article: Article) -> str:
        was_new = old_id in self.new
        self.articles.pop(old_id, None)
        self.new.discard(old_id)
        self.add_article(article, new=was_new)
        return article.id


@pytest.fixture
def fake_library() -> FakeLibrary:
    return FakeLibrary()
