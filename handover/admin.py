"""Django admin for the handover app (superusers only, see cases/admin.py)."""
