"""Writes for cases, by subject: one function per business action, atomic and audited."""

from cases.services.access_log import access_record, access_record_request
from cases.services.health import health_status, heartbeat_record
from cases.services.policy import prison_policy_update
from cases.services.roles import roles_sync
from cases.services.sessions import (
    SessionInput,
    session_log,
    session_update,
    sessions_log_many,
)
from cases.services.subject_access import subject_access_make

__all__ = [
    "access_record",
    "access_record_request",
    "SessionInput",
    "health_status",
    "heartbeat_record",
    "prison_policy_update",
    "roles_sync",
    "session_log",
    "session_update",
    "sessions_log_many",
    "subject_access_make",
]
