"""Django admin for the interventions app (superusers only, see cases/admin.py)."""
