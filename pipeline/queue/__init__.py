"""The review queue: PO catalogs per announcement and language, merged, recorded, checked."""
