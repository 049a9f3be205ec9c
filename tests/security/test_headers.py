"""What every answer says to browsers and caches: nothing signed-in is stored, a strict
Content-Security-Policy, and CSV cells that a spreadsheet cannot run."""

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.exports import csv_response
from cases.models import Prison, Role
from tests.factories import PrisonerFactory, SentenceFactory

ClientFor = Callable[[str], Client]
TEMPLATES = Path(settings.BASE_DIR) / "templates"


# --- Cache-Control -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/prisoners/",
        "/prisoners/?format=csv",
        "/dashboard/?format=csv",
        "/accounts/password/",
        "/api/v1/prisoners/",
        "/api/v1/stats/",
        "/api/schema/",
        "/no-such-page/",
    ],
)
def test_no_signed_in_answer_is_stored(client_for: ClientFor, url: str) -> None:
    response = client_for("head_of_omu").get(url)
    assert "no-store" in response["Cache-Control"], (url, response.status_code)
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_api_by_token_is_not_stored_either(personas: dict[str, object]) -> None:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=personas['prison_pom']).key}"
    )
    response = client.get("/api/v1/prisoners/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- Content-Security-Policy ---------------------------------------------------------------


def directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(client_for: ClientFor) -> None:
    for url in ["/accounts/login/", "/", "/prisoners/", "/api/docs/"]:
        response = client_for("head_of_omu").get(url)
        policy = directives(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        styles = policy["style-src"]
        if url == "/api/docs/":  # Swagger UI's one fixed <style> block, by its hash
            assert styles[0] == "'self'" and len(styles) == 2
            assert styles[1].startswith("'sha256-")
        else:
            assert styles == ["'self'"], url


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script without src
    re.compile(r"<style", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),  # onclick=, onload=, ...
    re.compile(r"javascript:", re.I),
]
KNOWN: set[tuple[str, str]] = set()  # nothing inline is allowed


def test_no_template_has_inline_script_or_style() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        text = path.read_text(encoding="utf-8")
        for pattern in INLINE:
            for match in pattern.finditer(text):
                snippet = text[match.start() : match.start() + 30].strip()
                if not any(name == k and snippet.startswith(s.split("=")[0]) for k, s in KNOWN):
                    found.append(f"{name}: {snippet}")
    assert not found


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script(client_for: ClientFor, leeds_case: object) -> None:
    client = client_for("head_of_omu")
    number = leeds_case.prison_number  # type: ignore[attr-defined]
    for url in ["/", "/prisoners/", f"/prisoners/{number}/", "/dashboard/", "/accounts/lockouts/"]:
        page = client.get(url).content.decode()
        for pattern in INLINE:
            assert not pattern.search(page), (url, pattern.pattern)


# --- Production headers --------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_say_nosniff_same_origin_and_deny_framing(client_for: ClientFor) -> None:
    response = client_for("prison_pom").get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# --- CSV -----------------------------------------------------------------------------------


def rows_of(response: object) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))  # type: ignore[attr-defined]


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_away() -> None:
    cells = ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1+2", "\r=1", "plain", "a=b", "", None, -5, 3]
    rows = rows_of(csv_response("x.csv", ["cell"] * len(cells), [cells]))
    assert rows[1] == [
        "'=1+2",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=1+2",
        "'\r=1",
        "plain",
        "a=b",
        "",
        "",
        "-5",  # numbers are numbers, not text: left as they are
        "3",
    ]


@pytest.mark.django_db
def test_a_prisoners_name_cannot_run_in_the_downloaded_list(
    client_for: ClientFor, leeds: Prison
) -> None:
    for first, last in [("\t=1+2", "Tab"), ("\r=1", "Return"), ("@cmd", "At")]:
        SentenceFactory(
            prisoner=PrisonerFactory(current_prison=leeds, first_name=first, last_name=last)
        )
    response = client_for(Role.HEAD_OF_OMU.value).get("/prisoners/", {"format": "csv"})
    assert "no-store" in response["Cache-Control"]
    cells = {cell for row in rows_of(response)[1:] for cell in row}
    assert {"'\t=1+2", "'\r=1", "'@cmd"} <= cells
    assert not {"\t=1+2", "\r=1", "@cmd"} & cells


# --- Requests refused before the middleware names the user ------------------------------


@pytest.mark.django_db
def test_a_request_for_another_host_is_refused_with_the_bad_request_page() -> None:
    """Django refuses a Host header it does not serve before the user is known; the error page
    is still drawn (no user: an anonymous page), not a server error."""
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "govuk-heading-l" in response.content.decode()
