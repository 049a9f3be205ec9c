"""Serializers for the handover app (filled in by the handover issue)."""
