"""The Exports screen's parts: the options form, the run with progress, summary, history."""
