"""Say clearly which test service is missing, and how to start it, before pytest runs."""

import os
import sys
from urllib.parse import urlsplit

import psycopg
import redis

HINT = "Start them with: docker compose up -d db redis (or your local services)."


def main() -> int:
    problems = []
    db_url = os.environ["DATABASE_URL"]
    parts = urlsplit(db_url)
    try:
        # Connect to the server's own database: the test database may not exist yet.
        psycopg.connect(db_url.replace(parts.path, "/postgres"), connect_timeout=3).close()
    except psycopg.Error as exc:
        problems.append(f"PostgreSQL is not reachable at {parts.hostname}:{parts.port}: {exc}")
    redis_url = os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        problems.append(f"Redis is not reachable at {redis_url}: {exc}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(HINT, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
