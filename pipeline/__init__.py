"""vielfalt: offline translation pipeline for German municipal announcements."""

__version__ = "0.1.0"
