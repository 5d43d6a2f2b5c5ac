"""Patient Story Studio: patient stories to compliant social posts, from an encrypted library."""

__version__ = "0.1.0"
APP_NAME = "Patient Story Studio"
