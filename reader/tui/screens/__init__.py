"""Screens of the TUI; each module is imported when its screen is first shown."""
