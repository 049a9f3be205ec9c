"""Calling a national service over HTTP, reliably (docs/commands.md#sync_prison): a timeout on
every call, retries with exponential backoff and jitter on timeouts, 429 and 5xx only (never
another 4xx), a bounded number of attempts, and an error naming the service when it gives up. HMPPS Auth's client-credentials token is cached and
renewed a minute before it expires; a 401 renews it once and retries."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

RENEW_EARLY = 60.0  # seconds before a token's expiry it is renewed


class FeedError(Exception):
    """A national service could not be used; the message names it and says why."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class _Retryable(Exception):
    """A response worth trying again (429, 5xx)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.status_code} {response.reason_phrase}")
        self.response = response


@dataclass
class RequestCounter:
    """How many HTTP requests a run made, every try and token request included."""

    count: int = 0

    def add(self) -> None:
        self.count += 1


@dataclass(frozen=True)
class Reliability:
    attempts: int = 4
    backoff: float = 0.25  # first wait, doubling each try, with jitter
    max_wait: float = 8.0


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, httpx.TimeoutException | _Retryable)


class TokenSource:
    """HMPPS Auth client credentials: one token, cached, renewed a minute early."""

    service = "HMPPS Auth"

    def __init__(
        self,
        http: httpx.Client,
        url: str,
        client_id: str,
        secret: str,
        *,
        counter: RequestCounter,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http, self.url = http, url.rstrip("/")
        self.auth = (client_id, secret)
        self.counter, self.clock = counter, clock
        self._token, self._expires = "", 0.0
        self._lock = threading.Lock()

    def token(self) -> str:
        with self._lock:
            if not self._token or self.clock() >= self._expires - RENEW_EARLY:
                self._fetch()
            return self._token

    def renew(self) -> str:
        with self._lock:
            self._token = ""
        return self.token()

    def _fetch(self) -> None:
        self.counter.add()
        try:
            response = self.http.post(
                f"{self.url}/auth/oauth/token",
                params={"grant_type": "client_credentials"},
                auth=self.auth,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        except httpx.HTTPError as exc:
            raise FeedError(self.service, f"no token: {exc.__class__.__name__} {exc}") from exc
        if response.status_code != 200:
            raise FeedError(
                self.service,
                f"no token: {response.status_code} {response.reason_phrase} "
                "(check HMPPS_CLIENT_ID and HMPPS_CLIENT_SECRET)",
            )
        body = _json(self.service, response)
        if not isinstance(body, dict) or not body.get("access_token"):
            raise FeedError(self.service, "the token answer has no access_token")
        self._token = str(body["access_token"])
        self._expires = self.clock() + float(body.get("expires_in") or 0)


class ServiceClient:
    """A JSON API at `base_url`, called with a bearer token when HMPPS Auth is configured."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        http: httpx.Client,
        tokens: TokenSource | None,
        counter: RequestCounter,
        reliability: Reliability,
    ) -> None:
        self.name, self.base_url = name, base_url.rstrip("/")
        self.http, self.tokens, self.counter = http, tokens, counter
        self.reliability = reliability

    def get(
        self, path: str, *, params: dict[str, Any] | None = None, missing_ok: bool = False
    ) -> Any:
        """The JSON document at `path`; None for a 404 when `missing_ok`."""
        return self._call("GET", path, params=params, missing_ok=missing_ok)

    def post(self, path: str, body: Any) -> Any:
        return self._call("POST", path, json=body)

    def _call(self, method: str, path: str, *, missing_ok: bool = False, **kwargs: Any) -> Any:
        response = self._with_token(method, path, **kwargs)
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            raise FeedError(
                self.name,
                f"{method} {path} refused: {response.status_code} {response.reason_phrase}",
            )
        return _json(self.name, response)

    def _with_token(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if self.tokens is None:
            return self._retried(method, path, {}, **kwargs)
        headers = {"Authorization": f"Bearer {self.tokens.token()}"}
        response = self._retried(method, path, headers, **kwargs)
        if response.status_code == 401:
            headers = {"Authorization": f"Bearer {self.tokens.renew()}"}
            response = self._retried(method, path, headers, **kwargs)
            if response.status_code == 401:
                raise FeedError(
                    self.name,
                    f"{method} {path} refused a fresh HMPPS Auth token (401): check the "
                    "client's roles",
                )
        return response

    def _retried(
        self, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        r = self.reliability
        retrying = Retrying(
            stop=stop_after_attempt(r.attempts),
            wait=wait_exponential_jitter(multiplier=r.backoff, max=r.max_wait, jitter=r.backoff),
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            return retrying(self._send, method, path, headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise FeedError(
                self.name, f"{method} {path} timed out {r.attempts} times; gave up"
            ) from exc
        except _Retryable as exc:
            raise FeedError(
                self.name, f"{method} {path} answered {exc} {r.attempts} times; gave up"
            ) from exc
        except httpx.HTTPError as exc:
            raise FeedError(
                self.name, f"{method} {path} failed: {exc.__class__.__name__} {exc}"
            ) from exc

    def _send(
        self, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        self.counter.add()
        response = self.http.request(method, f"{self.base_url}{path}", headers=headers, **kwargs)
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(response)
        return response


def _json(service: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise FeedError(service, "answered with something that is not JSON") from exc
