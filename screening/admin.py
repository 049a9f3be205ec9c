"""Django admin for the screening app (superusers only, see cases/admin.py)."""
