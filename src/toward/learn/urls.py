from django.urls import path

from toward.learn import views

app_name = "learn"

urlpatterns = [
    path("learn/", views.index, name="index"),
    path("learn/questions/", views.faq, name="faq"),
    path("learn/offline/", views.offline, name="offline"),
    path("learn/<slug:slug>/", views.explainer, name="explainer"),
]
