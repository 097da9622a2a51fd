"""Screenshots of the journal's main pages, at phone and desktop widths.

    .venv/bin/python bench/screenshots.py [--only NAME ...]

Seeds a demo journal in a throwaway SQLite database, serves Daybook on a
free local port, and drives Debian's Chromium (apt-get install chromium)
to save PNGs in docs/screenshots/, in light and dark mode. Besides the
pages, "questions" is the settings form's questions and recaps, and
"recap-email" is last month's recap email as a mail client shows it.
"""

import argparse
import base64
import datetime as dt
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import harness

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
OUT = harness.ROOT / "docs" / "screenshots"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="the names of the screenshots to make")
    only = parser.parse_args().only
    database = Path(tempfile.mkdtemp()) / "screenshots.sqlite3"
    harness.start(f"sqlite:///{database}")

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from accounts.models import User
    from entries.models import Entry
    from entries.tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

    call_command("seed_demo", "demo@example.com", verbosity=0)
    user = User.objects.get(email="demo@example.com")
    latest = Entry.objects.for_user(user).first()
    # One search and one recently deleted entry, so those pages have something to show.
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    # Each search has its own address, /journal/search/?s=<key>.
    searched = client.post("/journal/search/", {"q": 'river "the park"', "order": "newest"}).url
    Entry.objects.for_user(user).filter(date=latest.date - dt.timedelta(days=3)).first()
    doomed = Entry.objects.for_user(user).alive()[3]
    client.post(doomed.get_absolute_url() + "delete/")
    hold_a_reply(user)
    # A draft typed on another device, so the write page shows it offered back.
    from entries.limits import latest_day
    from entries.models import Draft

    today = latest_day(user.timezone) - dt.timedelta(days=1)
    Draft.objects.keep(user, today, "write", "Started this on the train and ran out of stops.")
    gallery = add_photos(user, latest)
    secure_the_account(user, client)
    user.questions = "What did I learn today?\nThree good things\nSunday: What went well this week?"
    user.question_order = "weekday"
    user.save()
    recap_html = recap_email(user)
    # Someone who has not set up an app yet, for the page that sets one up.
    from allauth.account.models import EmailAddress

    newcomer = Client()
    someone = User.objects.create_user("newcomer@example.com")
    EmailAddress.objects.create(user=someone, email=someone.email, verified=True, primary=True)
    newcomer.force_login(someone)
    just_proved_it_is_them(newcomer, someone)
    newcomer_session = newcomer.cookies["sessionid"].value

    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    day = latest.get_absolute_url()
    pages = {
        "journal": "/journal/",
        "day": day,
        "write": "/journal/write/",
        "search": searched,
        "on-this-day": "/journal/on-this-day/",
        "year": "/journal/year/",
        "deleted": "/journal/deleted/",
        "review": "/journal/review/",
        "settings": "/settings/",
        "gallery": day,
        "photo": gallery.get_absolute_url(),
        "photos": "/journal/photos/",
        "import": "/settings/import/",
        "email": "/accounts/email/",
        "second-factor": "/accounts/2fa/",
        "recovery-codes": "/accounts/2fa/recovery-codes/",
        "add-passkey": "/accounts/2fa/webauthn/add/",
        "authenticator-app": "/accounts/2fa/totp/activate/",
        "sessions": "/accounts/sessions/",
        "confirm-delete": "/accounts/reauthenticate/code/?next=/settings/delete/",
        # Logged out: the front door, and the way back in.
        "landing": "/",
        "login": "/accounts/login/",
        "login-code": "/accounts/login/",
        "signup": "/accounts/signup/",
        # Parts of pages, and an email.
        "questions": "/settings/",
        "recap-email": None,
    }
    if only:
        pages = {name: path for name, path in pages.items() if name in only}
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                page = context.new_page()
                for name, path in pages.items():
                    dark = ("journal", "year", "settings", "login", "gallery", "photos")
                    if scheme == "dark" and name not in dark:
                        continue
                    if name == "landing":
                        context.clear_cookies()
                    if name == "authenticator-app":
                        context.add_cookies(
                            [{"name": "sessionid", "value": newcomer_session, "url": base}]
                        )
                    if name == "recap-email":
                        # A blank page first: content written into a site page
                        # would keep that page's content security policy.
                        page.goto("about:blank")
                        page.set_content(recap_html)
                    else:
                        page.goto(base + path)
                    if name == "authenticator-app":
                        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                    if name == "login-code":
                        page.get_by_label("Email address").fill("demo@example.com")
                        page.get_by_role("button", name="Email me a code").click()
                        page.get_by_label("Code").wait_for()
                    if name == "gallery":
                        page.locator(".gallery").scroll_into_view_if_needed()
                    # Photos load lazily: wait for those in view before the picture.
                    page.wait_for_load_state("networkidle")
                    page.wait_for_function(
                        "[...document.images].filter(i => i.getBoundingClientRect().top"
                        " < innerHeight).every(i => i.complete)"
                    )
                    suffix = "" if scheme == "light" else "-dark"
                    shot = OUT / f"{name}-{width_name}{suffix}.png"
                    if name == "questions":
                        # The questions and, below them, the recap and receipt switches.
                        top = page.locator("fieldset.questions").bounding_box()
                        below = page.locator("fieldset.questions + fieldset").bounding_box()
                        clip = {
                            "x": top["x"],
                            "y": top["y"],
                            "width": top["width"],
                            "height": below["y"] + below["height"] - top["y"],
                        }
                        page.screenshot(path=shot, clip=clip, full_page=True)
                    else:
                        page.screenshot(path=shot, full_page=name == "recap-email")
                context.close()
        browser.close()
    server.shutdown()
    print(f"Saved screenshots in {OUT.relative_to(harness.ROOT)}/")


def recap_email(user):
    """Last month's recap email, as HTML with its heat map inline, as a mail client shows it."""
    from django.template.loader import render_to_string

    from entries.models import Recap
    from entries.prompts.heat_map_image import heat_map_png
    from entries.prompts.recaps import summarize

    today = user.local_date(dt.datetime.now(dt.UTC))
    starts = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    recap = Recap(user=user, period=Recap.Period.MONTH, starts=starts)
    summary = summarize(recap)
    png, width, height = heat_map_png(recap.starts, recap.ends, summary.words_by_date)
    html = render_to_string(
        "emails/recap.html",
        {
            "summary": summary,
            "recap": recap,
            "heat_map": {"width": width, "height": height, "cid": "heat-map"},
            "journal_url": "#",
            "year_url": "#",
            "settings_url": "#",
        },
    )
    # The browser has no cid: parts to look in; the same image as a data: URL.
    data = "data:image/png;base64," + base64.b64encode(png).decode()
    return html.replace("cid:heat-map", data)


def picture(n):
    """A small landscape: a sky, a low sun and hills, in one of a few palettes."""
    import io

    from PIL import Image, ImageDraw, ImageOps

    palettes = [
        ("#f6b26b", "#3d5a80", "#2d3a2e"),
        ("#9fd3f5", "#fef6e4", "#5b7c4a"),
        ("#fbc4ab", "#6d597a", "#355070"),
        ("#e0fbfc", "#98c1d9", "#3d405b"),
        ("#ffe8a3", "#f08a5d", "#6a2c70"),
    ]
    top, bottom, land = palettes[n % len(palettes)]
    size = (1200, 900) if n % 3 else (900, 1200)
    sky = ImageOps.colorize(Image.linear_gradient("L").resize(size), top, bottom)
    draw = ImageDraw.Draw(sky)
    width, height = size
    sun = (width * (0.2 + 0.15 * (n % 4)), height * 0.45)
    draw.ellipse([sun[0] - 60, sun[1] - 60, sun[0] + 60, sun[1] + 60], fill="#fff4d6")
    for hill in range(3):
        left = -width * 0.3 + hill * width * 0.45
        draw.ellipse([left, height * (0.62 + 0.05 * hill), left + width, height * 1.6], fill=land)
    out = io.BytesIO()
    sky.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_photos(user, latest):
    """Five photos on the latest day (one captioned) and a few on earlier days, developed."""
    from django.core.files.base import ContentFile

    from entries import darkroom
    from entries.models import Entry, Photo

    days = list(Entry.objects.for_user(user).alive().order_by("-date")[:40:3])
    captions = ["The bakery reopened", "", "", "Maya on the pier", ""]
    count = 0
    for number, entry in enumerate(days):
        for _ in range(5 if entry.pk == latest.pk else 1 + number % 3):
            caption = captions[count % 5] if entry.pk == latest.pk else ""
            upload = ContentFile(picture(count), name=f"IMG_{count:04d}.jpg")
            darkroom.process(Photo.objects.add(entry, upload, caption=caption))
            count += 1
    return Photo.objects.filter(entry=latest).order_by("position").first()


def secure_the_account(user, client):
    """An authenticator app with recovery codes, a second browser, and a fresh proof.

    The proof (a re-authentication a moment ago) lets the screenshots show
    the pages that ask for one, such as the recovery codes.
    """
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.usersessions.models import UserSession
    from django.test import Client

    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    phone = Client(
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
        REMOTE_ADDR="203.0.113.24",
    )
    phone.force_login(user)
    phone.get("/journal/")
    # The screenshots' own session was first seen from the test client,
    # which names no browser; show it as a laptop's.
    UserSession.objects.filter(session_key=client.session.session_key).update(
        user_agent="Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:140.0) Gecko/20100101 "
        "Firefox/140.0"
    )
    just_proved_it_is_them(client, user)


def just_proved_it_is_them(client, user):
    """Record in client's session a re-authentication a moment ago."""
    import time

    from allauth.account.internal.flows import login

    session = client.session
    session[login.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "code", "at": time.time(), "reauthenticated": True, "email": user.email}
    ]
    session[login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def hold_a_reply(user):
    """A reply from an address the account has not verified, so Review has one to show."""
    from django.core.mail import EmailMessage

    from entries.mail import pipeline
    from entries.models import Prompt

    prompt = Prompt.objects.create(user=user, date=user.local_date(dt.datetime.now(dt.UTC)))
    reply = EmailMessage(
        subject="Re: How was your day?",
        body="Wrote this from my work address: the bakery on the corner finally reopened.",
        from_email="demo@work.example.com",
        to=[prompt.reply_address],
    )
    pipeline.process(pipeline.keep(reply.message().as_bytes(), provider="screenshots"))


if __name__ == "__main__":
    main()
