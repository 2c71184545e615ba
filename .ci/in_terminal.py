"""Run a command in a pseudo-terminal as a person would, and check the app.

The README's install command ends by opening the TUI, which needs a terminal.
This runs the command exactly as given (``bash -c``) in a 120x40 pty, shows
what it prints before the app starts, waits until the app's screen shows the
expected text, presses the quit key, and fails if the app does not exit
cleanly or if the install printed a dependency warning.

Usage: ``python3 .ci/in_terminal.py --expect TEXT --keys q -- COMMAND``
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

ANSI = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
ALT_SCREEN = b"\x1b[?1049h"
# Printed by pip when a dependency's extra is spelled in a way this pip does
# not know: the install then silently lacks a package (issue 10).
DEPENDENCY_WARNINGS = (b"does not provide the extra", b"dependency conflicts", b"ERROR:")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", required=True, help="text the app's screen must show")
    parser.add_argument("--keys", default="q", help="keys pressed once it does")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = " ".join(args.command[1:] if args.command[:1] == ["--"] else args.command)

    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = "120", "40"
        os.execvp("bash", ["bash", "-c", command])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    before_app = b""  # what the install printed, shown in the CI log
    screen = b""  # everything after the app took over the terminal
    in_app = sent = False
    deadline = time.monotonic() + args.timeout
    status = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                break
            if in_app:
                screen += chunk
            else:
                before_app += chunk
                if ALT_SCREEN in before_app:
                    head, _, tail = before_app.partition(ALT_SCREEN)
                    before_app, screen, in_app = head, tail, True
                    sys.stdout.buffer.write(head)
                    sys.stdout.flush()
            if not in_app and b"\n" in before_app:
                shown, _, before_app_rest = before_app.rpartition(b"\n")
                sys.stdout.buffer.write(b"\n".join(l for l in shown.split(b"\n") if b"is ignored" not in l) + b"\n")
                sys.stdout.flush()
                _shown_lines.append(shown)
                before_app = before_app_rest
        if in_app and not sent and args.expect.encode() in ANSI.sub(b"", screen):
            print(f"\n[in_terminal] the app shows {args.expect!r}; pressing {args.keys!r}", flush=True)
            time.sleep(0.5)
            os.write(fd, args.keys.encode())
            sent = True
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
        print(f"\n[in_terminal] timed out after {args.timeout:.0f} s; app on screen: {in_app}; "
              f"expected text seen: {sent}", flush=True)
        print(ANSI.sub(b"", screen)[-2000:].decode("utf-8", "replace"))
        return 1
    if status is None or not os.WIFEXITED(status):
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    printed = b"\n".join(_shown_lines) + before_app
    problems = [w.decode() for w in DEPENDENCY_WARNINGS if w in printed]
    if not in_app or not sent:
        print(f"[in_terminal] the app never showed {args.expect!r} (exit {code})", flush=True)
        print(ANSI.sub(b"", screen)[-2000:].decode("utf-8", "replace"))
        return 1
    if problems:
        print(f"[in_terminal] the install printed: {problems}", flush=True)
        return 1
    print(f"[in_terminal] the app quit with exit status {code}", flush=True)
    return code


_shown_lines: list[bytes] = []

if __name__ == "__main__":
    sys.exit(main())
