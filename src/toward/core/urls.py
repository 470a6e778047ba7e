from django.conf import settings
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

if settings.BENCH_HELLO:  # the load benchmark's bare baseline; never routed otherwise
    urlpatterns.append(path("bench/hello", views.bench_hello, name="bench_hello"))
