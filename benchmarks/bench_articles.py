"""Speed of bringing articles in (``reader.articles``).

    .venv/bin/python benchmarks/bench_articles.py [--runs 7]

Prints the median of ``--runs`` runs for each figure with its target beside
it. Everything is local: web pages and feeds come from a server on
127.0.0.1 started by this script. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.articles import fetch_url, iter_sources, parse_text, sanitize  # noqa: E402
from reader.articles.feeds import parse_feed  # noqa: E402
from reader.articles.html import parse_html  # noqa: E402

SEED = (REPO / "seeds" / "000_cb9fb861f9f8ad95.txt").read_text(encoding="utf-8")
PARAS = [p for p in SEED.split("\n\n")[1:]]
PAGE = (
    "<!doctype html><html><head><title>Coalition meets</title><meta name='author' content='A. Writer'></head><body>"
    + "<nav>" + " | ".join(f"<a href='/s{i}'>Section {i}</a>" for i in range(60)) + "</nav><main><article><h1>Coalition meets</h1>"
    + "".join(f"<p>{p}</p>" for p in SEED.split("\n\n"))
    + "</article><aside>" + "<p>Related story teaser text.</p>" * 40 + "</aside></main><footer>© News</footer></body></html>"
)
RSS = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>"
    + "".join(
        f"<item><title>Item {i}</title><link>http://127.0.0.1/a/{i}</link><guid>g{i}</guid>"
        f"<description>{PARAS[i % len(PARAS)]}</description><pubDate>Mon, 06 Mar 2023 09:00:00 GMT</pubDate></item>"
        for i in range(100)
    )
    + "</channel></rss>"
)


def median_ms(fn: Callable[[], object], runs: int, inner: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) / inner)
    return statistics.median(times) * 1000


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    rows: list[tuple[str, str, str]] = []

    import_ms = statistics.median(
        float(subprocess.run(
            [sys.executable, "-c", "import time; t=time.perf_counter(); import reader.articles; print((time.perf_counter()-t)*1000)"],
            capture_output=True, text=True, check=True, cwd=REPO,
        ).stdout)
        for _ in range(runs)
    )
    rows.append(("import reader.articles", f"{import_ms:.1f} ms", "< 60 ms"))
    rows.append(("parse_text(seed article, 4 KB)", f"{median_ms(lambda: parse_text(SEED), runs, 50):.2f} ms", "< 2 ms"))

    big = (SEED + "\n\n") * 250  # ~1 MB
    ms = median_ms(lambda: sanitize(big), runs)
    rows.append(("sanitize throughput (1 MB)", f"{len(big) / 1e6 / (ms / 1000):.0f} MB/s", ">= 20 MB/s"))
    ms = median_ms(lambda: parse_text(big), runs)
    rows.append(("parse_text(1 MB text)", f"{ms:.0f} ms", "< 500 ms"))

    with tempfile.TemporaryDirectory() as folder:
        for i in range(300):
            Path(folder, f"{i:03}.txt").write_text(SEED.replace("Pompeo", f"Pompeo{i}"), encoding="utf-8")
        ms = median_ms(lambda: sum(1 for _ in iter_sources([folder])), runs)
        rows.append(("folder import, 300 text files", f"{300 / (ms / 1000):.0f} files/s", ">= 500 files/s"))

    parse_html(PAGE)  # trafilatura's first call loads its settings
    rows.append((f"parse_html ({len(PAGE) // 1024} KB page)", f"{median_ms(lambda: parse_html(PAGE), runs):.1f} ms", "< 100 ms"))
    rows.append(("parse_feed (100-item RSS)", f"{median_ms(lambda: parse_feed(RSS.encode(), url='http://x/'), runs):.1f} ms", "< 150 ms"))

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/story"
    fetch_url(url)
    rows.append(("fetch_url (local server, incl. extraction)", f"{median_ms(lambda: fetch_url(url), runs):.1f} ms", "< 150 ms"))
    server.shutdown()

    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'median':>12}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>12}  {target}")
    print(f"\n{runs} runs each; reproduce: .venv/bin/python benchmarks/bench_articles.py --runs {runs}")


if __name__ == "__main__":
    main()
