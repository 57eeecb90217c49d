"""Form definitions (editable builder) and their frozen published versions."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from ..blocks import FormBodyBlock, document_from_stream, stream_from_document
from ..compiler import CompileError, assign_keys, compile_document, decompile, iter_keys
from ..panels import BuilderStatusPanel
from ..schema_checks import check_pair


class FormDefinition(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A form as editors build it; citizens only ever see a published version.

    Editing saves Wagtail revisions (drafts); the editor's footer action
    "publish" publishes a revision like any Wagtail snippet and, in the same
    transaction, freezes it as a ``FormVersion`` (``live_version``), which is
    what citizens, the API and submissions read.  A revision whose schema
    fails the checks is never published.

    Override ``get_document`` to supply the builder document another way
    (e.g. from code) while keeping compile, publish and validation.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("URL name"),
        max_length=80,
        unique=True,
        help_text=_(
            "ASCII letters, digits and hyphens; the form's URL is /forms/ followed by this name."
        ),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(FormBodyBlock(), verbose_name=_("steps and fields"), blank=True)
    region_code = models.CharField(
        _("region code"),
        max_length=12,
        blank=True,
        help_text=_(
            "For standalone forms: the region whose staff process submissions."
        ),
    )
    accepting = models.BooleanField(_("accepting submissions"), default=True)
    # Not live until first published (Wagtail's default is live).
    live = models.BooleanField(verbose_name=_("live"), default=False, editable=False)
    live_version = models.ForeignKey(
        "formbuilder.FormVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Deletes the form's revisions with it (Wagtail's advice for snippets).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="form")

    panels = [
        BuilderStatusPanel(),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("region_code"),
        FieldPanel("accepting"),
        FieldPanel("body"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = pgettext_lazy("application form", "form")
        verbose_name_plural = pgettext_lazy("application form", "forms")
        ordering = ["title"]
        permissions = [("publish_formdefinition", _("Can publish forms"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._keep_publish_state(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _keep_publish_state(self, update_fields):
        """A draft of a never-published form writes the whole row (Wagtail keeps
        such drafts in the row).  When it was read before a publish committed
        (the editor's autosave racing the publish button), it must not take
        the published state back: the form stays live on its version."""
        if not self.pk or self.live or self.live_version_id or update_fields:
            return
        stored = (
            type(self)
            .objects.filter(pk=self.pk, live=True, live_version__isnull=False)
            .values(*_PUBLISH_STATE)
            .first()
        )
        if stored:
            for name, value in stored.items():
                setattr(self, name, value)
            self.has_unpublished_changes = True

    def with_content_json(self, content):
        # The published version belongs to the form, not to a revision: an
        # older revision must not bring back the version live when it was saved.
        obj = super().with_content_json(content)
        obj.live_version_id = self.live_version_id
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Publish ``revision`` and freeze it as the live ``FormVersion``.

        The revision is compiled and checked first: a failure raises
        ``ValidationError`` before anything is written.
        """
        from ..versions import freeze_version

        compiled = revision.as_object().compile()
        with transaction.atomic():
            result = super().publish(revision, user=user, **kwargs)
            published = type(self).objects.get(pk=self.pk)
            if published.live and not (
                published.go_live_at and published.go_live_at > timezone.now()
            ):
                freeze_version(published, compiled, user=user)
                self.live_version = published.live_version
        return result

    def get_document(self) -> dict:
        """The builder document (plain data) behind ``body``."""
        return document_from_stream(self.title, self.body)

    def set_document(self, document: dict) -> None:
        """Replace the builder with ``document`` (import and restore)."""
        assign_keys(document)
        self.body = stream_from_document(document)

    def compile(self) -> dict:
        """``{schema, ui_schema}`` of the current builder; raises ``ValidationError``."""
        document = assign_keys(self.get_document())
        try:
            compiled = compile_document(document)
        except CompileError as error:
            raise ValidationError({"body": f"{error.path}: {error.message}"}) from error
        problems = check_pair(compiled["schema"], compiled["ui_schema"])
        if problems:
            raise ValidationError(
                {"body": [f"{p['path']}: {p['message']}" for p in problems]}
            )
        return compiled

    def clean(self):
        super().clean()
        # Fill missing keys (and store conditions by key) before the first
        # save, so keys are created once; untouched streams keep their block ids.
        document = self.get_document()
        if _missing_keys(document) or self._conditions_by_label(document):
            self.set_document(document)
        self.compile()

    def _conditions_by_label(self, document) -> bool:
        keys = set(iter_keys(document))
        return any(
            child.value.get("visible_if_field")
            and child.value["visible_if_field"] not in keys
            for step in self.body
            for child in step.value["fields"]
        )


_PUBLISH_STATE = (
    "live",
    "live_version_id",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
)


def _missing_keys(document) -> bool:
    def fields_missing(fields):
        return any(
            not f.get("key") or fields_missing(f.get("fields", [])) for f in fields
        )

    return any(
        not step.get("key") or fields_missing(step.get("fields", []))
        for step in document.get("steps", [])
    )


class FormVersion(models.Model):
    """A frozen ``{schema, ui_schema}`` pair; drafts and submissions pin one."""

    definition = models.ForeignKey(
        FormDefinition,
        verbose_name=pgettext_lazy("application form", "form"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("JSON schema"))
    ui_schema = models.JSONField(_("UI schema"))
    checksum = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "number"], name="formbuilder_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.definition} v{self.number}"

    def save(self, *args, **kwargs):
        if not self.checksum:
            self.checksum = pair_checksum(self.schema, self.ui_schema)
        super().save(*args, **kwargs)

    def document(self) -> dict:
        return decompile(self.schema, self.ui_schema)


def pair_checksum(schema, ui_schema) -> str:
    text = json.dumps([schema, ui_schema], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def clear_live_version(sender, instance, **kwargs):
    """Wagtail's "unpublish" takes the form away from citizens too."""
    if isinstance(instance, FormDefinition):
        FormDefinition.objects.filter(pk=instance.pk).update(live_version=None)
        instance.live_version = None
