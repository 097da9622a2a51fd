"""Settings: the front door, the daily prompt's schedule, and the one-click
way out of prompt emails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import ScheduleForm, SignupForm
from accounts.models import User


@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("entries:journal")
    form = SignupForm()
    return render(request, "accounts/landing.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_page(request):
    user = request.user
    # Read before the form is bound: validating copies the submitted values
    # onto the user, and a rejected form must not describe them as saved.
    context = {"next_prompt": user.next_prompt_in_words(), "paused": user.prompts_paused}
    form = ScheduleForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        when = user.next_prompt_in_words()
        messages.success(request, f"Saved. Your next prompt arrives {when}." if when else "Saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {**context, "form": form})


# Mail providers send the RFC 8058 one-click POST themselves, with no
# session and no CSRF token; the signed token in the URL is the credential,
# and all it can do is pause prompts.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    user = User.objects.from_unsubscribe_token(token)
    if user is None:
        return render(request, "accounts/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        user.pause_prompts()
        user.save(update_fields=User.SCHEDULE_STATE)
        return render(request, "accounts/unsubscribed.html", {"person": user})
    return render(request, "accounts/unsubscribe.html", {"person": user, "token": token})
