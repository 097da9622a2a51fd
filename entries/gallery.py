"""Photos in a browser: the Photos page, one photo large, its caption, the bin, its bytes.

Every view finds a photo among the signed-in person's own (the `own_photo`
decorator), so anyone else's is simply not found: a 404, never a 403 that
would confirm it exists. Bytes are served by `photo_file` only, never from
a public URL: streamed from the disk, or a redirect to an object-storage
URL signed for a few minutes.
"""

import datetime as dt
import functools
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import FileSystemStorage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from entries.forms import CaptionForm
from entries.models import RESTORE_DAYS, Photo
from entries.models.photo import SAFE_FILE_TYPES

PAGE_SIZE = 60
CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(\d{1,9})\.(\d{1,18})$")
VARIANTS = {"thumbnail", "large", "original"}
# The derivatives never change under their key, so a browser may keep them
# for a while; `private` keeps them out of every shared cache.
CACHE_CONTROL = "private, max-age=3600"


def own_photo(*, visible=True):
    """Look the photo in the URL up among the user's own (visible ones, unless told), or 404."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, key, *args, **kwargs):
            photos = Photo.objects.for_user(request.user).select_related("entry")
            if visible:
                photos = photos.visible()
            photo = photos.filter(key=key).first()
            if photo is None:
                raise Http404("No such photo.")
            return view(request, photo, *args, **kwargs)

        return wrapper

    return decorator


@login_required
@require_safe
def photos(request):
    """All photos, newest day first, a page at a time; `?after=` is the last one shown."""
    shown = Photo.objects.for_user(request.user).shown()
    cursor = CURSOR.match(request.GET.get("after", ""))
    if "after" in request.GET:
        if cursor is None:
            raise Http404("Not a page of photos.")
        try:
            date = dt.date.fromisoformat(cursor[1])
        except ValueError:
            raise Http404("Not a page of photos.") from None
        position, pk = int(cursor[2]), int(cursor[3])
        # The plain bound first lets the (user, date) index start at the cursor.
        shown = shown.filter(date__lte=date).filter(
            Q(date__lt=date)
            | Q(date=date, position__gt=position)
            | Q(date=date, position=position, pk__gt=pk)
        )
    page = list(
        shown.order_by("-date", "position", "pk").only(
            "key", "date", "position", "caption", "thumbnail_width", "thumbnail_height"
        )[: PAGE_SIZE + 1]
    )
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    for photo in page:
        photo.month = photo.date.replace(day=1)
        photo.alt = photo.alt_text()
    after = f"{page[-1].date.isoformat()}.{page[-1].position}.{page[-1].pk}" if more else None
    context = {"photos": page, "after": after, "first_page": cursor is None}
    return render(request, "entries/photos.html", context)


@login_required
@require_safe
@own_photo()
def photo(request, photo):
    """One photo large, with its neighbours on the same day and its caption to edit."""
    day_photos, _ = Photo.objects.of_day(photo.entry)
    index = next(i for i, other in enumerate(day_photos) if other.pk == photo.pk)
    context = {
        "photo": day_photos[index],
        "number": index + 1,
        "count": len(day_photos),
        "previous": day_photos[index - 1] if index > 0 else None,
        "following": day_photos[index + 1] if index + 1 < len(day_photos) else None,
        "form": CaptionForm(initial={"caption": photo.caption}),
    }
    return render(request, "entries/photo.html", context)


@login_required
@require_POST
@own_photo()
def caption(request, photo):
    form = CaptionForm(request.POST)
    if form.is_valid():
        photo.set_caption(form.cleaned_data["caption"])
        messages.success(request, "Caption saved.")
    else:
        messages.error(request, "A caption can be up to 500 characters.")
    return redirect(photo)


@login_required
@require_POST
@own_photo()
def delete_photo(request, photo):
    photo.soft_delete(timezone.now())
    messages.success(
        request,
        f"{photo.get_kind_display()} deleted. You can restore it from Recently deleted "
        f"for {RESTORE_DAYS} days.",
    )
    return redirect(photo.entry)


@login_required
@require_POST
@own_photo(visible=False)
def restore_photo(request, photo):
    deleted = Photo.objects.recently_deleted(timezone.now())
    if not deleted.filter(pk=photo.pk).exists():
        raise Http404("Not in Recently deleted.")
    photo.restore()
    messages.success(request, f"{photo.get_kind_display()} restored.")
    return redirect(photo.entry)


@login_required
@require_safe
@own_photo(visible=False)
def photo_file(request, photo, variant):
    """The bytes of a photo (original, large view or thumbnail) or of a file, to its owner only."""
    if variant not in VARIANTS:
        raise Http404("No such size.")
    field = getattr(photo, variant)
    if not field or (variant != "original" and not photo.is_photo):
        raise Http404("Not made (yet).")
    content_type, disposition = _served_as(photo, variant)
    if not isinstance(field.storage, FileSystemStorage):
        return _signed_redirect(field, content_type, disposition)
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering it, it could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _served_as(photo, variant):
    """The content type and disposition to serve with: an image type or bytes, never HTML."""
    if variant != "original":
        return photo.derivative_type or "image/jpeg", "inline"
    if photo.is_photo:
        if photo.state == Photo.State.READY:
            return photo.content_type, content_disposition_header(False, photo.name)
        # Not (yet) proven to be an image: whatever it claims, it is bytes.
        return "application/octet-stream", content_disposition_header(True, photo.name)
    kind = photo.content_type if photo.content_type.startswith(SAFE_FILE_TYPES) else ""
    return kind or "application/octet-stream", content_disposition_header(True, photo.name)


def _signed_redirect(field, content_type, disposition):
    url = field.storage.url(
        field.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": CACHE_CONTROL,
        },
        expire=settings.MEDIA_URL_EXPIRY_SECONDS,
    )
    response = HttpResponseRedirect(url)
    # The signed URL expires; the redirect to it must not outlive it.
    response["Cache-Control"] = f"private, max-age={settings.MEDIA_URL_EXPIRY_SECONDS // 2}"
    return response
