from django.http import HttpResponse
from django.urls import path, reverse

from .models import Vendor

app_name = "codes"


def vendor_list(request):
    names = ", ".join(Vendor.objects.values_list("name", flat=True))
    return HttpResponse(f"shop vendors: {names} at {reverse('codes:vendor-list')}")


urlpatterns = [path("vendors/", vendor_list, name="vendor-list")]
