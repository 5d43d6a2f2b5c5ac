"""Small reusable widgets: each does one thing and holds no rule."""
