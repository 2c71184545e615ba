"""The side panel lists people, quotes and notes; orphaned notes stay visible."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from reader.domain import Anchor, Annotation, Figure, Note, Quote
from reader.tui.widgets.side_panel import SidePanel


class PanelApp(App):
    def compose(self) -> ComposeResult:
        yield SidePanel()


@pytest.mark.asyncio
async def test_panel_lists_everything_and_flags_orphaned_notes() -> None:
    annotation = Annotation(
        figures=[Figure("Ann [b]Lee[/b]", "Mayor", [(0, 3), (10, 13)])],
        quotes=[Quote(20, 30, "“Go now,”", "Ann [b]Lee[/b]")],
    )
    notes = [
        Note("n1", "a", Anchor(5, 9, "text"), "kept", 0.0, 0.0),
        Note("n2", "a", Anchor(50, 60, "gone"), "lost one", 0.0, 0.0, orphaned=True),
    ]
    app = PanelApp()
    async with app.run_test() as pilot:
        panel = app.query_one(SidePanel)
        panel.show(annotation, notes)
        await pilot.pause()
        prompts = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert prompts[0] == "People (1)"
        assert prompts[1] == "Ann [b]Lee[/b] · Mayor ×2"  # literal, not markup
        assert "Quotes (1)" in prompts and "Notes (2)" in prompts
        assert prompts[-1] == "⚠ lost one (passage not found)"
        assert panel.get_option("note:n2").disabled and not panel.get_option("note:n1").disabled
