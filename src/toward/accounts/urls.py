from django.urls import path

from toward.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="password_change"),
    path("account/tokens/", views.create_token, name="token_create"),
    path("account/unlock/", views.unlock, name="unlock"),
    path("account/recovery-code/", views.recovery_code, name="recovery_code"),
    path("account/recovery-code/new/", views.replace_recovery_code, name="recovery_code_new"),
    path("account/sessions/", views.sessions, name="sessions"),
    path("account/erase/", views.erase, name="erase"),
    path("account/export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("account/export.html", views.export, {"fmt": "html"}, name="export_html"),
    path("account/tokens/<str:token_id>/revoke/", views.revoke_token, name="token_revoke"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
