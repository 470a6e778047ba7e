from django.urls import path

from toward.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("healthz", views.healthz, name="healthz"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
    path("theme/", views.set_theme, name="theme"),
]
