"""The Textual user interface (imported only when ``reader`` runs without a command)."""
