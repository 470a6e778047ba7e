from django.urls import path

from toward.repair import views

app_name = "repair"

_space = "spaces/<str:space_id>/"

urlpatterns = [
    path("repair/", views.index, name="index"),
    path("repair/self-check/", views.self_check, name="self_check"),
    path(_space + "repair/", views.home, name="home"),
    path(_space + "repair/notices/seen/", views.notices_seen, name="notices_seen"),
    path(_space + "pause/", views.pause_new, name="pause_new"),
    path(_space + "pauses/<str:pause_id>/", views.pause, name="pause"),
    path(_space + "repairs/new/", views.repair_new, name="repair_new"),
    path(_space + "repairs/<str:repair_id>/", views.repair, name="repair"),
    path(_space + "repairs/<str:repair_id>/reconnected/", views.reconnected, name="reconnected"),
]
