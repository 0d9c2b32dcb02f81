"""The form kit keeps no table of its own: its rate limits count in core.ratelimit's."""
