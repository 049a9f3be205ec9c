"""Services for the allocation app (filled in by the allocation issue)."""
