from django.urls import path

from toward.feelings import views

app_name = "feelings"

urlpatterns = [
    path("feelings/", views.wheel, name="wheel"),
    path("feelings/vocabulary/", views.vocabulary, name="vocabulary"),
    path("feelings/suggest/", views.suggest, name="suggest"),
]
