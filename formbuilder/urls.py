"""Citizen pages (``/forms/``) and the JSON API (``api_urlpatterns``)."""

from django.urls import path

from . import api, views

app_name = "formbuilder"

# One formtools wizard serves the numbered steps and, as its done step, review.
# The done step's name cannot clash with a step key (keys start with a letter).
wizard = views.ApplicationWizard.as_view(
    url_name="formbuilder:step", done_step_name=views.REVIEW_STEP
)

urlpatterns = [
    path("resume/", views.resume, name="resume"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/<str:reference>/", views.status, name="status"),
    path("receipt/<str:reference>/", views.receipt, name="receipt"),
    path("<slug:slug>/", views.start, name="start"),
    path("<slug:slug>/step/<int:step>/", wizard, name="step"),
    path("<slug:slug>/review/", wizard, {"step": views.REVIEW_STEP}, name="review"),
    path("<slug:slug>/saved/", views.saved, name="saved"),
]

api_urlpatterns = [
    path("forms/", api.form_list, name="forms"),
    path("forms/<slug:slug>/schema", api.form_schema, name="schema"),
    path("forms/<slug:slug>/submissions", api.create_submission, name="submissions"),
    path("forms/<slug:slug>/uploads", api.create_upload, name="uploads"),
    path("submissions/<str:reference>/status", api.submission_status, name="status"),
]
