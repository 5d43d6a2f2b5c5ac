"""The desktop app (PySide6, Qt Widgets): screens over the workflow layer, no rules."""
