from django.urls import path

from toward.spaces import views

app_name = "spaces"

urlpatterns = [
    path("spaces/new/", views.create, name="create"),
    path("spaces/<str:space_id>/", views.detail, name="detail"),
    path("spaces/<str:space_id>/invite/", views.invite, name="invite"),
    path("spaces/<str:space_id>/settings/", views.settings_view, name="settings"),
    path("spaces/<str:space_id>/leave/", views.leave, name="leave"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_link"),
]
