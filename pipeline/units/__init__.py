"""Units: announcements split into units and sentences, their language checked, names and
terms protected (glossary, values, gender forms)."""
