"""The Calendar screen's widgets: day squares, post chips, observance bands, colours."""
