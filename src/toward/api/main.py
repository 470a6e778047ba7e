from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from toward.accounts.api import router as accounts_router
from toward.api.auth import TokenAuth
from toward.api.schemas import Error
from toward.assessments.api import router as assessments_router
from toward.challenge.api import router as challenge_router
from toward.checkins.api import router as checkins_router
from toward.coach.api import router as coach_router
from toward.core.errors import ServiceError
from toward.decks.api import router as decks_router
from toward.exercises.api import router as exercises_router
from toward.experiences.api import router as experiences_router
from toward.feelings.api import router as feelings_router
from toward.insights.api import router as insights_router
from toward.nudges.api import router as nudges_router
from toward.reflections.api import router as reflections_router
from toward.repair.api import router as repair_router
from toward.rituals.api import router as rituals_router
from toward.spaces.api import router as spaces_router

log = logging.getLogger(__name__)


class TowardAPI(NinjaAPI):
    """The API, with the error answers every endpoint can give written into its document.

    Ninja lists only the statuses a route declares; clients (and schemathesis) also need to know
    that any endpoint can answer 401 without a token, 404 for an id that is not theirs, 422 for
    fields that do not match, and 400 for a body that is not JSON — all in the one error shape.
    """

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "Error" not in components:
            definition = Error.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definition.pop("$defs", {}))
            components["Error"] = definition
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                self._document_errors(path, operation)
        return schema

    @staticmethod
    def _document_errors(path: str, operation: dict) -> None:
        standard = {}
        if operation.get("security"):
            standard["401"] = "No valid API token was sent."
        if "{" in path:
            standard["404"] = "Not found, or not yours (the same answer for both)."
        if operation.get("requestBody") or operation.get("parameters"):
            standard["422"] = "Some fields do not match this document."
        if operation.get("requestBody"):
            standard["400"] = "The body is not valid JSON, or a value needs changing."
        responses = operation.setdefault("responses", {})
        for status, description in standard.items():
            responses.setdefault(
                status,
                {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            )


api = TowardAPI(
    title="Toward API",
    version="1",
    description=(
        "The JSON API of Toward. Authenticate with `Authorization: Bearer <token>`, using a token "
        "made on the account page. Every error has the shape "
        '`{"error": {"code": "...", "message": "...", "fields": {...}}}`.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,  # the interactive docs page needs inline script, which our CSP forbids
)


def _error(request: HttpRequest, status: int, code: str, message: str, fields=None) -> HttpResponse:
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    fields = {exc.field: exc.message} if exc.field else None
    return _error(request, exc.status, exc.code, exc.message, fields)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields[".".join(loc) or "body"] = error.get("msg", "is not valid")
    summary = "; ".join(f"{name}: {msg}" for name, msg in fields.items())
    return _error(request, 422, "invalid", f"Some fields are not valid. {summary}", fields)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "unauthorized", "Send a valid API token: Authorization: Bearer <token>."
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "bad_request" if exc.status_code == 400 else f"http_{exc.status_code}"
    message = str(exc)
    if message.startswith("Cannot parse request body"):
        code, message = "malformed_json", "The request body is not valid JSON."
    return _error(request, exc.status_code, code, message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


api.add_router("", accounts_router)
api.add_router("", spaces_router)
api.add_router("", coach_router)
api.add_router("", feelings_router)
api.add_router("", checkins_router)
api.add_router("", decks_router)
api.add_router("", reflections_router)
api.add_router("", assessments_router)
api.add_router("", exercises_router)
api.add_router("", repair_router)
api.add_router("", insights_router)
api.add_router("", nudges_router)
api.add_router("", rituals_router)
api.add_router("", challenge_router)
api.add_router("", experiences_router)
