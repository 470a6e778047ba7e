from django.urls import path

from toward.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.index, name="index"),
    path("spaces/<str:space_id>/insights/", views.space, name="space"),
    path("spaces/<str:space_id>/insights/<str:chart_id>.png", views.chart_png, name="png"),
]
