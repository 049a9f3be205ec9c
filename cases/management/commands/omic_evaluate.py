"""``manage.py omic_evaluate [FILE]``: run the OMiC rules on case facts given as JSON.

Contract: docs/commands.md#omic_evaluate. Reads a file, or stdin when FILE is
``-`` or missing; one object or a list; writes the same shape to stdout. A case with bad input
gets ``{"error": "<field>: <what is wrong>"}`` in its place and the command exits 1 after writing
every result. Input that is not JSON at all, not an object or list, or an unreadable file also
exits 1, with the reason on stderr and nothing on stdout. Touches no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.bank_holidays import bank_holidays_for
from cases.rules import FactsError, evaluate, evaluation_as_json, parse_case_facts


def evaluate_case(obj: object) -> dict[str, Any]:
    """One case's result object, or its ``{"error": ...}`` object for bad input."""
    try:
        facts, policy = parse_case_facts(obj)  # type: ignore[arg-type]  # it checks the shape itself
    except FactsError as error:
        return {"error": str(error)}
    ev = evaluate(facts, policy, holidays=bank_holidays_for(facts, policy))
    return evaluation_as_json(ev)


class Command(BaseCommand):
    help = "Evaluate the OMiC rules for case facts given as JSON (a file, or stdin)."
    # Pure computation: skip the system checks (and with them any database access).
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            help="JSON file with one case object or a list of them; '-' or missing: stdin.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        payload = self._read(options["file"])
        if isinstance(payload, list):
            results: Any = [evaluate_case(case) for case in payload]
            failed = sum(1 for result in results if "error" in result)
        elif isinstance(payload, dict):
            results = evaluate_case(payload)
            failed = 1 if "error" in results else 0
        else:
            raise CommandError("input must be a JSON object or a list of objects", returncode=1)
        self.stdout.write(json.dumps(results, indent=2, ensure_ascii=False))
        if failed:
            # Raised after writing, so stdout keeps every result; manage.py exits 1 and prints
            # this on stderr.
            total = len(payload) if isinstance(payload, list) else 1
            raise CommandError(f"{failed} of {total} case(s) had bad input", returncode=1)

    def _read(self, path: str) -> Any:
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", returncode=1) from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"input is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
                returncode=1,
            ) from error
