"""Intake: the city's pages, feeds, JSON Lines and Markdown in; announcements out."""
