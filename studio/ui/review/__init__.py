"""The compliance review screens."""
