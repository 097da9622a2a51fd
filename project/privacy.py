"""Keeping a signed-in person's pages out of every cache.

A journal page left in the browser's cache comes back with the back button
after logging out, on a shared computer for whoever sits down next, and a
proxy that stores it can hand it to someone else. So every response to a
signed-in request says `Cache-Control: no-store` (with Django's other
never-cache headers). One rule for all of them rather than a decorator on
each view: a private page added later cannot forget it, and it covers pages
Daybook does not write itself (allauth's account pages, the admin).
"""

from django.utils.cache import add_never_cache_headers


def private_pages_not_stored(get_response):
    def middleware(request):
        response = get_response(request)
        # Read after the view: logging in or out changes request.user on the way.
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
