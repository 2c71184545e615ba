"""Opening an address in the user's browser, and copying it.

``webbrowser`` picks the browser (``$BROWSER`` first, as newsboat and most
terminal programs do). A graphical browser is started in the background; a
terminal browser (lynx, w3m, ``$BROWSER`` set to one) needs the terminal, so
the app is suspended while it runs, as newsboat does. Addresses come from
article text and are untrusted: only http(s) and mailto are opened, and they
are passed as one argument, never through a shell.
"""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from reader.render import safe_text
from reader.weblinks import safe_link

if TYPE_CHECKING:
    from textual.app import App


def open_url(app: App, url: str | None) -> None:
    """Open ``url`` in the browser; say so, or why not (and copy it then)."""
    target = safe_link(url)
    if target is None:
        app.notify("This article has no web address to open." if not url else "Only http(s) addresses can be opened.",
                   severity="warning", markup=False)
        return
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        app.copy_to_clipboard(target)
        app.notify("No browser found (set $BROWSER). The address was copied instead.", severity="warning",
                   timeout=6, markup=False)
        return
    if getattr(browser, "background", isinstance(browser, webbrowser.BackgroundBrowser)):
        _open_in_background(app, browser, target)
        return
    from textual.app import SuspendNotSupported

    try:
        with app.suspend():  # a terminal browser: give it the terminal until it quits
            opened = browser.open(target)
    except SuspendNotSupported:
        opened = browser.open(target)
    _report(app, opened, target)


def _open_in_background(app: App, browser: webbrowser.BaseBrowser, target: str) -> None:
    def run() -> None:
        try:
            opened = browser.open(target)
        except OSError:
            opened = False
        app.call_from_thread(_report, app, opened, target)

    app.run_worker(run, thread=True, group="browser", exit_on_error=False)


def _report(app: App, opened: bool, target: str) -> None:
    if opened:
        app.notify(f"Opened {safe_text(target)}", timeout=3, markup=False)
    else:
        app.copy_to_clipboard(target)
        app.notify("The browser did not start. The address was copied instead.", severity="warning", markup=False)


def copy_url(app: App, url: str | None) -> None:
    """Copy ``url`` to the clipboard (OSC 52: works over ssh, in most terminals)."""
    if not url:
        app.notify("This article has no web address to copy.", severity="warning", markup=False)
        return
    app.copy_to_clipboard(url)
    app.notify(f"Copied {safe_text(url)}", timeout=3, markup=False)
