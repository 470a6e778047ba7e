from django.urls import path

from toward.challenge import views

app_name = "challenge"

_SPACE = "spaces/<str:space_id>/challenge/"
_ONE = _SPACE + "<str:challenge_id>/"

urlpatterns = [
    path("challenge/", views.start, name="start"),
    path(_SPACE, views.home, name="home"),
    path(_ONE, views.challenge, name="challenge"),
    path(_ONE + "state/", views.change_state, name="state"),
    path(_ONE + "days/<str:day>/", views.day_page, name="day"),
    path(_ONE + "days/<str:day>/mark/", views.mark, name="mark"),
    path(_ONE + "reflect/<str:week>/", views.reflect, name="reflect"),
]
