"""What the fake services know: Prisoner documents by number, merged numbers, probation records
and tiers, the tokens it issued, and scripted faults (a 503, a slow answer, an expired token)
for the tests."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

CLIENT_ID, CLIENT_SECRET = "omu-local", "fake-secret"  # noqa: S105  # the fake's own


@dataclass
class Fault:
    """Answer `status` (or wait `delay` seconds first) to the next `times` requests whose path
    starts with `path`, after letting `skip` through. `expire_tokens` forgets every token."""

    path: str
    status: int = 0
    delay: float = 0.0
    times: int = 1
    skip: int = 0
    expire_tokens: bool = False


@dataclass
class FakeState:
    prisoners: dict[str, dict[str, Any]] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)  # removed number -> kept number
    probation: dict[str, dict[str, Any]] = field(default_factory=dict)  # by prison number
    tiers: dict[str, str] = field(default_factory=dict)  # by CRN
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    token_lifetime: int = 1199
    faults: list[Fault] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # "GET /path" of every request
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (monotonic)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _rolls: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # --- Changing what the services know ------------------------------------------------------

    def put(self, doc: dict[str, Any]) -> None:
        with self.lock:
            self.prisoners[doc["prisonerNumber"]] = doc
            self._rolls.clear()

    def update(self, number: str, **fields: Any) -> dict[str, Any]:
        with self.lock:
            doc = {**self.prisoners[number], **fields}
            self.put(doc)
            return doc

    def release(self, number: str) -> dict[str, Any]:
        return self.update(
            number,
            status="INACTIVE OUT",
            inOutStatus="OUT",
            prisonId="OUT",
            lastPrisonId=self.prisoners[number].get("prisonId"),
            lastMovementTypeCode="REL",
            cellLocation=None,
        )

    def transfer(self, number: str, to_code: str, to_name: str = "") -> dict[str, Any]:
        return self.update(
            number,
            status="ACTIVE IN",
            prisonId=to_code,
            prisonName=to_name or to_code,
            lastPrisonId=self.prisoners[number].get("prisonId"),
            lastMovementTypeCode="TRN",
        )

    def merge(self, kept: str, removed: str) -> None:
        with self.lock:
            self.merged[removed] = kept
            self.prisoners.pop(removed, None)
            self._rolls.clear()

    def fail(self, path: str, **how: Any) -> Fault:
        fault = Fault(path, **how)
        with self.lock:
            self.faults.append(fault)
        return fault

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # --- Answering ------------------------------------------------------------------------------

    def issue_token(self) -> dict[str, Any]:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.token_lifetime,
            "scope": "read",
            "jti": secrets.token_hex(8),
        }

    def token_valid(self, token: str) -> bool:
        with self.lock:
            expiry = self.tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def fault_for(self, path: str) -> Fault | None:
        """The fault this request meets, if any (counting it)."""
        with self.lock:
            for fault in self.faults:
                if not path.startswith(fault.path) or fault.times <= 0:
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                if fault.expire_tokens:
                    self.tokens.clear()
                return fault
        return None

    def prisoner(self, number: str) -> dict[str, Any] | None:
        with self.lock:
            kept = self.merged.get(number, number)
            return self.prisoners.get(kept)

    def roll(self, code: str) -> list[dict[str, Any]]:
        """Those on the prison's roll (held, or out at court or on licence), by number."""
        with self.lock:
            if not self._rolls:
                rolls: dict[str, list[dict[str, Any]]] = {"": []}
                for doc in self.prisoners.values():
                    if doc.get("status") in ("ACTIVE IN", "ACTIVE OUT"):
                        rolls.setdefault(str(doc.get("prisonId")), []).append(doc)
                for docs in rolls.values():
                    docs.sort(key=lambda doc: doc["prisonerNumber"])
                self._rolls.update(rolls)
            return self._rolls.get(code, [])

    def page(self, code: str, page: int, size: int) -> dict[str, Any]:
        roll = self.roll(code)
        pages = max(1, -(-len(roll) // size))
        return {
            "content": roll[page * size : (page + 1) * size],
            "totalElements": len(roll),
            "totalPages": pages,
            "number": page,
            "size": size,
            "first": page == 0,
            "last": page >= pages - 1,
        }
