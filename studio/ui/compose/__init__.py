"""The post composer: one story, a tab per channel, live counts and checks."""
