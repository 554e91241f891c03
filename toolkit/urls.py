from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from toolkit import address_confirmation, error_pages, observability, signup, views
from toolkit.forms import LoginForm

# Django's log-in and log-out views name the site after the host ("127.0.0.1:8000"),
# over the name every other page has.
OUR_NAME = {"site_name": settings.SITE_NAME}
login_view = views.LoginView.as_view(
    form_class=LoginForm, redirect_authenticated_user=True, extra_context=OUR_NAME
)

account_urls = [
    path("sign-up", signup.signup, name="signup"),
    path("sign-up/sent", signup.signup_sent, name="signup_sent"),
    path("sign-up/<str:token>", signup.finish_signup, name="finish_signup"),
    path("log-in", login_view, name="login"),
    path("log-out", views.LogoutView.as_view(extra_context=OUR_NAME), name="logout"),
    path("profile", views.profile, name="profile"),
    path("sign-out-elsewhere", views.sign_out_elsewhere, name="sign_out_elsewhere"),
    path("delete", views.delete_account, name="delete_account"),
    path("my-data.json", views.download_data, name="download_data"),
    path("confirm-password", views.confirm_password, name="confirm_password"),
    path("email", views.change_email, name="change_email"),
    path("password", views.change_password, name="change_password"),
    path("email/confirm/<str:token>", views.confirm_email, name="confirm_email"),
    path("email/undo/<uuid:change_id>", views.undo_email_change, name="undo_email_change"),
    path("email/undone", views.email_change_undone, name="email_change_undone"),
    path(
        "address/confirm/<str:token>", address_confirmation.confirm_address, name="confirm_address"
    ),
    path("address/send-link", address_confirmation.send_address_link, name="send_address_link"),
    path("", include("toolkit.sharing.urls")),
    path(
        "password-reset",
        signup.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(post_reset_login=False),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = observability.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", observability.healthz, name="healthz"),
    path("auth", views.auth_redirect, name="auth"),
    path("account/", include(account_urls)),
    # Feature apps before content: content serves a catch-all under /information/.
    path("", include("tracker.urls")),
    path("", include("notes.urls")),
    path("", include("content.urls")),
]
