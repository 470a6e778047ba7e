from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.coach import llm, services
from toward.coach.forms import MessageForm, ReplyForm
from toward.content.library import coach_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error

MESSAGE_LABELS = {
    "criticism": "Criticism",
    "contempt": "Contempt",
    "sarcasm": "Sarcasm",
    "defensiveness": "Defensiveness",
    "stonewalling": "Shutting down",
    "ultimatum": "Ultimatum",
    "scorekeeping": "Keeping score",
    "mind_reading": "Mind-reading",
    "dismissal": "Dismissing",
}


@login_required
def message(request: HttpRequest) -> HttpResponse:
    """Say it kindly: see which words tend to wound, and a gentler start. Nothing is stored."""
    form = MessageForm(request.POST or None)
    review = llm_answer = llm_error = None
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_message(form.cleaned_data["text"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if request.POST.get("send_to_llm"):
                try:
                    llm_answer = llm.send(request.POST.get("llm_body", ""))
                except ServiceError as exc:
                    llm_error = exc.message
    return render(
        request,
        "coach/message.html",
        {
            "form": form,
            "review": review,
            "labels": MESSAGE_LABELS,
            "nothing_to_flag": coach_content().nothing_to_flag,
            "llm_preview": llm.preview(review.text) if review and llm.enabled() else None,
            "llm_url": llm.endpoint(),
            "llm_answer": llm_answer,
            "llm_error": llm_error,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def listening(request: HttpRequest) -> HttpResponse:
    """Listening practice: pick something someone shared, and practise a reply."""
    return redirect("coach:listening_share", slug=services.random_disclosure().id)


@login_required
def listening_share(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        share = services.disclosure(slug)
    except ServiceError:
        return redirect("coach:listening")
    form = ReplyForm(request.POST or None)
    feedback = None
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.listening_feedback(share.text, form.cleaned_data["reply"])
        except ServiceError as exc:
            apply_service_error(form, exc)
    return render(
        request,
        "coach/listening.html",
        {"share": share, "form": form, "feedback": feedback},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def another(request: HttpRequest, slug: str) -> HttpResponse:
    return redirect("coach:listening_share", slug=services.random_disclosure(slug).id)
