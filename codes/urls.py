from django.urls import path

from . import views

app_name = "codes"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<int:number>/", views.NumberDetailView.as_view(), name="number-detail"),
]
