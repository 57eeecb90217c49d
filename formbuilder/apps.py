from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormbuilderConfig(AppConfig):
    name = "formbuilder"
    label = "formbuilder"
    verbose_name = _("Form builder")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import unpublished

        from .models.definitions import FormDefinition, clear_live_version

        unpublished.connect(clear_live_version, sender=FormDefinition)
