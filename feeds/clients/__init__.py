"""One client per national service, each with its one field mapping: HMPPS Auth
(`http.TokenSource`), Prisoner Search, the probation record and Tiering. `connect()` builds
them from the settings."""

from feeds.clients.http import FeedError, RequestCounter
from feeds.clients.services import Feeds, connect

__all__ = ["FeedError", "Feeds", "RequestCounter", "connect"]
