from django.urls import include, path

from toward.api.main import api

urlpatterns = [
    path("", include("toward.core.urls")),
    path("", include("toward.accounts.urls")),
    path("", include("toward.spaces.urls")),
    path("", include("toward.coach.urls")),
    path("", include("toward.feelings.urls")),
    path("", include("toward.checkins.urls")),
    path("", include("toward.decks.urls")),
    path("", include("toward.exercises.urls")),
    path("", include("toward.repair.urls")),
    path("", include("toward.learn.urls")),
    path("", include("toward.reflections.urls")),
    path("", include("toward.assessments.urls")),
    path("", include("toward.insights.urls")),
    path("", include("toward.nudges.urls")),
    path("", include("toward.rituals.urls")),
    path("", include("toward.challenge.urls")),
    path("", include("toward.experiences.urls")),
    path("api/v1/", api.urls),
]

handler400 = "toward.core.views.bad_request"
handler404 = "toward.core.views.not_found"
handler500 = "toward.core.views.server_error"
