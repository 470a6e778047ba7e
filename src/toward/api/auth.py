from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from toward.accounts.services import user_for_api_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tw_…` with a token made on the account page.

    The API never accepts the browser session: pages and API authenticate separately, so a page
    can't be tricked into calling the API without CSRF protection (STYLE.md practice 5).
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token)
        if user is not None:
            request.user = user
        return user
