from django.urls import path

from toward.exercises import views

app_name = "exercises"

_space = "spaces/<str:space_id>/exercises/"

urlpatterns = [
    path("exercises/", views.index, name="index"),
    path(_space, views.home, name="home"),
    path(_space + "runs/<str:run_id>/", views.run, name="run"),
    path(_space + "runs/<str:run_id>/state/", views.run_state, name="run_state"),
    path(_space + "runs/<str:run_id>/reflect/", views.reflect, name="reflect"),
    path(_space + "<str:exercise>/", views.intro, name="intro"),
]
