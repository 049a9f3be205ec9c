"""Services for the screening app (filled in by the screening issue)."""
