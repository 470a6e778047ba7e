from django.urls import path

from toward.checkins import views

app_name = "checkins"

urlpatterns = [
    path("checkin/", views.start, name="today"),
    path("spaces/<str:space_id>/checkin/", views.space_today, name="space"),
    path("spaces/<str:space_id>/checkin/share/", views.share, name="share"),
    path("spaces/<str:space_id>/checkin/together/", views.together, name="together"),
    path("spaces/<str:space_id>/checkins/", views.history_view, name="history"),
    path("spaces/<str:space_id>/appreciations/", views.appreciations_view, name="appreciations"),
    path(
        "spaces/<str:space_id>/appreciations/<str:appreciation_id>/share/",
        views.share_appreciation,
        name="share_appreciation",
    ),
]
