"""Whether the service is alive: the database, the broker and the beat heartbeat."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection

from cases import extensions
from cases.models import Heartbeat

logger = logging.getLogger(__name__)


def heartbeat_record(*, name: str, now: dt.datetime) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"last_run_at": now})
    return beat


def health_status(*, broker_url: str) -> dict[str, object]:
    """Whether the database and the broker answer, when the heartbeat task last ran, and what
    each app adds (`extensions.health_checks`, only while the database answers)."""
    status: dict[str, object] = {
        "database": "ok",
        "broker": "not configured",
        "heartbeat": None,
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = Heartbeat.objects.filter(name="heartbeat").first()
        status["heartbeat"] = beat.last_run_at.isoformat() if beat else None
    except Exception:  # any database failure means "down"; the reason goes to the log
        logger.exception("Health check: database unreachable")
        status["database"] = "unreachable"
    if broker_url:
        import redis

        try:
            redis.Redis.from_url(broker_url, socket_connect_timeout=2).ping()
            status["broker"] = "ok"
        except redis.RedisError:
            logger.exception("Health check: broker unreachable")
            status["broker"] = "unreachable"
    if status["database"] == "ok":
        for name, check in extensions.health_checks().items():
            status[name] = check()
    return status
