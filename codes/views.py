from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import ListView, TemplateView

from .models import MAX_NUMBER, MIN_NUMBER, StatusClass, StatusCode, VendorExtension


class IndexView(ListView):
    """Every class with its published codes."""

    template_name = "codes/index.html"
    context_object_name = "classes"

    def get_queryset(self):
        return StatusClass.objects.prefetch_related(
            Prefetch("codes", queryset=StatusCode.objects.published(), to_attr="published_codes")
        )


class NumberDetailView(TemplateView):
    """One number: its standard meaning, if any, and every vendor meaning."""

    template_name = "codes/number_detail.html"

    def get_context_data(self, **kwargs):
        number = kwargs["number"]
        if not MIN_NUMBER <= number <= MAX_NUMBER:
            raise Http404(f"{number} is not a status code number.")
        code = StatusCode.objects.published().filter(number=number).first()
        extensions = list(
            VendorExtension.objects.published().filter(number=number).select_related("vendor")
        )
        if code is None and not extensions:
            raise Http404(f"The knowledge base has nothing on {number}.")
        return super().get_context_data(code=code, extensions=extensions, **kwargs)
