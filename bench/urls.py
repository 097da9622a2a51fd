from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from entries.models import InboundMessage


@csrf_exempt
def bare(request):
    return HttpResponse("ok")


@csrf_exempt
def insert(request):
    # The least a webhook can do and still keep what it was sent: one INSERT,
    # committed. The webhook's throughput is measured against this.
    InboundMessage.objects.create(
        provider="bench", payload=request.body, size=len(request.body), state="ignored"
    )
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/insert/", insert),
    path("", include("project.urls")),
]
