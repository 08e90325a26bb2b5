"""The data an admin change form posts back when nothing in it is changed, read from the form
the admin rendered: a test changes what it wants and posts the rest as a browser would."""

import datetime


def posted_as_rendered(response) -> dict:
    data = {}
    add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add_form(data, formset.management_form)
        for form in formset.forms:
            add_form(data, form)
    return data


def add_form(data: dict, form) -> None:
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif isinstance(value, (list, tuple)):
            value = [getattr(item, "pk", item) for item in value]
        data[form.add_prefix(name)] = value
