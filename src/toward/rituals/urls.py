from django.urls import path

from toward.rituals import views

app_name = "rituals"

_space = "spaces/<str:space_id>/rituals/"

urlpatterns = [
    path("rituals/", views.index, name="index"),
    path("rituals/calendar/", views.calendar_page, name="calendar"),
    path("rituals/calendar/toward-rituals.ics", views.download, name="download"),
    path("rituals/feed/<str:token>.ics", views.feed, name="feed"),
    path(_space, views.home, name="home"),
    path(_space + "library/", views.library, name="library"),
    path(_space + "new/", views.new, name="new"),
    path(_space + "<str:ritual_id>/", views.ritual, name="ritual"),
    path(_space + "<str:ritual_id>/done/", views.done, name="done"),
    path(_space + "<str:ritual_id>/remove/", views.remove, name="remove"),
]
