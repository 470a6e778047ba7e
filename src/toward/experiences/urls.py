from django.urls import path

from toward.experiences import views

app_name = "experiences"

_SPACE = "spaces/<str:space_id>/"

urlpatterns = [
    path("together/", views.start, name="start"),
    path(_SPACE + "ideas/", views.ideas, name="home"),
    path(_SPACE + "plans/", views.plans, name="plans"),
    path(_SPACE + "plans/<str:plan_id>/", views.plan, name="plan"),
    path(_SPACE + "memories/", views.memories, name="memories"),
    path(_SPACE + "memories/<str:memory_id>/", views.memory, name="memory"),
    path(_SPACE + "memories/<str:memory_id>/photo/", views.photo, name="photo"),
]
