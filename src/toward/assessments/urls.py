from django.urls import path

from toward.assessments import views

app_name = "assessments"

_SPACE = "spaces/<str:space_id>/assessments/"

urlpatterns = [
    path("assessments/", views.index, name="index"),
    path(_SPACE, views.space, name="space"),
    path(_SPACE + "shared-language/", views.shared_language, name="shared_language"),
    path(_SPACE + "results/<str:result_id>/", views.result, name="result"),
    path(_SPACE + "results/<str:result_id>/share/", views.share, name="share"),
    path(_SPACE + "<str:assessment_id>/take/", views.take, name="take"),
    path(_SPACE + "<str:assessment_id>/history/", views.history, name="history"),
]
