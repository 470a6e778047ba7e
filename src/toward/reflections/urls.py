from django.urls import path

from toward.reflections import views, views_dreams

app_name = "reflections"

_DREAM = "spaces/<str:space_id>/dreams/<str:dream_id>/"

urlpatterns = [
    path("reflection/", views.start, name="start"),
    path("spaces/<str:space_id>/reflection/", views.space_reflection, name="space"),
    path("spaces/<str:space_id>/reflection/again/", views.begin_again, name="again"),
    path("spaces/<str:space_id>/reflections/<str:round_id>/", views.past_round, name="past"),
    path("dreams/", views_dreams.start, name="dreams_start"),
    path("spaces/<str:space_id>/dreams/", views_dreams.board, name="dreams"),
    path(_DREAM, views_dreams.dream, name="dream"),
    path(_DREAM + "milestones/", views_dreams.add_milestone, name="add_milestone"),
    path(_DREAM + "milestones/<str:milestone_id>/", views_dreams.milestone, name="milestone"),
    path(_DREAM + "rest/", views_dreams.let_rest, name="let_rest"),
]
