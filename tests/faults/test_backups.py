"""Issue 12 item 3: backups kept by age, not by count; pinned backups before destructive
operations survive any number of ordinary saves."""

from __future__ import annotations

import json
from pathlib import Path

from reader.domain import Anchor
from reader.store import backups
from tests.faults.storage_helpers import library_with_notes, open_library


def _fake(folder: Path, seconds_ago: float, now: float) -> Path:
    from datetime import datetime, timezone

    stamp = datetime.fromtimestamp(now - seconds_ago, timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
    path = folder / f"user-{stamp}.json"
    path.write_text("{}")
    return path


def test_age_policy_keeps_recent_hourly_and_daily(tmp_path: Path) -> None:
    now = 1_800_000_000.0
    ages = [10, 60, 300, 900, 1000, 4000, 7300, 7400, 30_000, 90_000, 100_000, 200_000, 700_000, 2_000_000]
    files = sorted((_fake(tmp_path, a, now) for a in ages), reverse=True)
    kept = {round(now - backups.age_of(p, now)) for p in backups.to_keep(files, now)}
    kept = {round(now - k) for k in kept}
    assert {10, 60, 300} <= kept  # the last ten minutes: all
    assert 1000 in kept and 900 not in kept  # the oldest of each hour within a day
    assert 4000 in kept and 7400 in kept and 7300 not in kept and 30_000 in kept
    assert 100_000 in kept and 90_000 not in kept and 200_000 in kept  # of each day within a week
    assert 700_000 not in kept and 2_000_000 not in kept


def test_a_script_of_saves_does_not_rotate_history_away(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path)
    first_state = backups.Backups(tmp_path / "backups").files()[-1]
    for n in range(40):  # forty CLI runs, each changing the data
        other = open_library(tmp_path)
        other.add_note(next(iter(other.summaries())).id, Anchor(0, 1), f"script {n}")
        other.close()
    assert first_state.exists()  # young backups are all kept (up to RECENT_MAX), then by hour


def test_restore_and_delete_make_pinned_backups_that_saves_never_rotate(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path)
    article_id = library.notes()[0].article_id
    library.restore_user_data({"schema": 1, "notes": {}}, replace=True)
    library.delete(next(s.id for s in library.summaries()))  # no notes left on it: no pin needed
    pinned = backups.pinned_files(tmp_path / "backups")
    assert any("before-restore" in p.name for p in pinned)
    saved = json.loads([p for p in pinned if "before-restore" in p.name][-1].read_text())
    assert acked <= set(saved["tables"]["notes"])  # the replaced notes are all there
    # deleting an article that has notes pins the article itself
    library.add_note(article_id, Anchor(0, 1), "on the doomed article")
    library.delete(article_id)
    pins = [p for p in backups.pinned_files(tmp_path / "backups") if "delete" in p.name]
    assert pins and article_id in json.loads(pins[0].read_text())["articles"]
    for n in range(50):
        library.set_user_state("n", n)
        library.user._backup_now()
    assert set(pins) <= set(backups.pinned_files(tmp_path / "backups"))
