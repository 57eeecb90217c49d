from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.results_page, name="results"),
    path("click/", views.click, name="click"),
]

api_urlpatterns = [
    path("search", views.api_search, name="api_search"),
    path("suggest", views.api_suggest, name="api_suggest"),
]
