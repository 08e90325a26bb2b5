"""No URLs: under it, Django answers an exception with its own default error views, whatever
the host site's handlers do (codes.probes.tables.django)."""

urlpatterns: list = []
