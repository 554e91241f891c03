from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from toolkit.forms import DeleteAccountForm, ProfileForm, SignupForm


@login_not_required
def home(request: HttpRequest):
    return render(request, "toolkit/home.html")


@login_not_required
def auth_redirect(request: HttpRequest):
    """The content links to /auth?mode=signup (and ?mode=login)."""
    if request.GET.get("mode") == "signup":
        return redirect("signup")
    return redirect("login")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account has been created. You are signed in.")
        return redirect("profile")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(request, "toolkit/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest):
    form = DeleteAccountForm(request.user, request.POST or None)
    if form.is_valid():
        user = request.user
        logout(request)
        # Every record points at its person with on_delete=CASCADE, so this removes them all.
        user.delete()
        messages.success(request, "Your account and all your records have been deleted.")
        return redirect(reverse("home"))
    return render(request, "toolkit/delete_account.html", {"form": form})
