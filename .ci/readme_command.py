"""Print one of the README's two commands, character for character.

CI must run what a new user runs, so it never keeps its own copy of the
commands: it reads them from the first ``sh`` code block under a README
heading. Usage: ``python3 .ci/readme_command.py "Install and run"``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def command(readme: str, heading: str) -> str:
    section = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if section is None:
        raise SystemExit(f"README.md has no '## {heading}' section")
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.M | re.S)
    if block is None:
        raise SystemExit(f"README.md's '## {heading}' section has no ```sh block")
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    if len(lines) != 1:
        raise SystemExit(f"README.md's '## {heading}' command should be one line, found {len(lines)}")
    return lines[0]


if __name__ == "__main__":
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    print(command(readme, sys.argv[1]))
