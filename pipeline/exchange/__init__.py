"""Exchange: XLIFF with agencies, TBX termbases, Weblate (reviews, the handshake) and git."""
