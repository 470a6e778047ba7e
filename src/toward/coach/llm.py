"""The optional coach backed by a large language model (PRODUCT.md 3.13).

Off unless the operator sets TOWARD_LLM_URL. The person sees the exact request body before
anything is sent, and it is sent only when they press the button: `preview` builds it, `send`
posts that same body and nothing else. Nothing is stored or logged.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

from toward.core.errors import ServiceError

TIMEOUT_SECONDS = 30
ANSWER_MAX = 4000

SYSTEM_PROMPT = (
    "You are a warm, plain-spoken coach helping someone say something hard to a person they are "
    "close to. Keep their meaning and their need. Suggest a gentler way to say it: a feeling, "
    "the specific situation, and a request. No diagnosis, no judgement of either person, at most "
    "120 words."
)


def enabled() -> bool:
    return bool(settings.LLM_URL)


def endpoint() -> str:
    return f"{settings.LLM_URL}/chat/completions" if enabled() else ""


def preview(message: str) -> str:
    """The exact JSON body that would be sent, pretty-printed for the person to read."""
    body = {
        "model": settings.LLM_MODEL,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": message},
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False)


def send(body_text: str) -> str:
    """Post the previewed body, unchanged, and return the coach's answer."""
    if not enabled():
        raise ServiceError("llm_off", "The connected coach is not set up on this server.")
    try:
        body = json.loads(body_text)
    except ValueError:
        raise ServiceError("llm_bad_request", "That request could not be read.") from None
    if not isinstance(body, dict) or set(body) != {"model", "messages"}:
        raise ServiceError("llm_bad_request", "That request could not be read.")
    headers = {"Content-Type": "application/json"}
    if settings.LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.LLM_API_KEY}"
    request = urllib.request.Request(  # noqa: S310 - the operator's configured http(s) URL
        endpoint(),
        data=body_text.encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read())["choices"][0]["message"]["content"]
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError):
        raise ServiceError(
            "llm_unavailable",
            "The connected coach didn't answer. Nothing was kept; you can try again later.",
        ) from None
    if not isinstance(answer, str):
        raise ServiceError("llm_unavailable", "The connected coach gave an answer we can't show.")
    return answer.strip()[:ANSWER_MAX]
