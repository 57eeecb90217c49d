from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormbuilderConfig(AppConfig):
    name = "formbuilder"
    label = "formbuilder"
    verbose_name = _("Form builder")
    default_auto_field = "django.db.models.BigAutoField"
