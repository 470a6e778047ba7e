from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from toward.accounts.services import data_key_from_token, token_for_api_secret


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tw_…` with a token made on the account page.

    The API never accepts the browser session: pages and API authenticate separately, so a page
    can't be tricked into calling the API without CSRF protection (STYLE.md practice 5).
    A token made while its owner had unlocked carries their data key sealed under the token's
    own secret; it becomes `request.data_key` for this call only.
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        found = token_for_api_secret(token)
        if found is None:
            return None
        request.user = found.user
        request.data_key = data_key_from_token(found, token)
        request.key_from_token = True
        return found.user
