"""Tasks for the interventions app (filled in by the interventions issue)."""
