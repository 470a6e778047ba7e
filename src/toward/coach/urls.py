from django.urls import path

from toward.coach import views

app_name = "coach"

urlpatterns = [
    path("coach/message/", views.message, name="message"),
    path("coach/listening/", views.listening, name="listening"),
    path("coach/listening/<slug:slug>/", views.listening_share, name="listening_share"),
    path("coach/listening/<slug:slug>/another/", views.another, name="another"),
]
