from django.urls import path

from toward.nudges import views

app_name = "nudges"

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.read_all, name="read_all"),
    path("notices/<str:notice_id>/open/", views.open_notice, name="open"),
    path("rest/", views.rest, name="rest"),
    path("rest/recharging/", views.recharging, name="recharging"),
    path("rest/quiet-hours/", views.quiet_hours, name="quiet_hours"),
    path("spaces/<str:space_id>/pace/", views.pace, name="pace"),
]
