from django.contrib import admin
from django.db import models

from .models import (
    Alias,
    Citation,
    Header,
    Source,
    SpecReference,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)


class CodesModelAdmin(admin.ModelAdmin):
    # Links typed without a scheme are web links: read them as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


for model in (
    StatusClass,
    StatusCode,
    Alias,
    SpecReference,
    Header,
    Source,
    Citation,
    Vendor,
    VendorExtension,
):
    admin.site.register(model, CodesModelAdmin)
