"""Service items: one row of a region's implementation list (实施清单)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from .. import rules
from ..constants import (
    Audience,
    Channel,
    ExerciseLevel,
    HandlingType,
    ItemStatus,
    ItemType,
    ItemVariant,
    OnlineDepth,
    OnlineStage,
    ResultType,
    ReviewType,
    TimeUnit,
    TongbanScope,
)
from ..fields import MultipleChoiceListField
from ..validators import (
    CatalogueCodeValidator,
    ImplementationCodeValidator,
    PhoneValidator,
)


class ServiceItemQuerySet(models.QuerySet):
    def public(self):
        """Items citizens may see: published and not cancelled."""
        return self.filter(live=True).exclude(status=ItemStatus.CANCELLED)

    def in_regions(self, region_ids):
        return self.filter(region_id__in=region_ids)


class ServiceItem(
    PreviewableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    # --- identity -----------------------------------------------------------
    implementation_code = models.CharField(
        _("implementation code"),
        max_length=36,
        unique=True,
        validators=[ImplementationCodeValidator()],
        help_text=_("The public key of the item (实施编码), used in its web address."),
    )
    catalogue_code = models.CharField(
        _("catalogue code"),
        max_length=12,
        blank=True,
        validators=[CatalogueCodeValidator()],
        help_text=_(
            "The national catalogue code (基本编码), kept as text so leading zeros survive."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("citizen aliases"),
        blank=True,
        help_text=_("Words citizens use for this item, one per line."),
    )
    item_type = models.CharField(_("item type"), max_length=2, choices=ItemType.choices)
    variant = models.CharField(
        _("case"),
        max_length=20,
        choices=ItemVariant.choices,
        blank=True,
        help_text=_(
            "Which case of the service this item is (first application, "
            "replacement, renewal, change, cancellation, extension). Leave "
            "empty to read it from the name."
        ),
    )
    audience = MultipleChoiceListField(
        _("audience"), item_choices=Audience.choices, blank=False
    )
    exercise_level = models.CharField(
        _("exercise level"), max_length=1, choices=ExerciseLevel.choices
    )
    region = models.ForeignKey(
        "catalogue.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    department = models.ForeignKey(
        "catalogue.Department",
        verbose_name=_("implementing department"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    handling_office = models.CharField(_("handling office"), max_length=200, blank=True)
    topics = ParentalManyToManyField(
        "catalogue.Topic", verbose_name=_("topics"), blank=True, related_name="items"
    )
    life_events = ParentalManyToManyField(
        "catalogue.LifeEvent",
        verbose_name=_("life events"),
        blank=True,
        related_name="items",
    )
    bundles = ParentalManyToManyField(
        "catalogue.Bundle",
        verbose_name=_("one-go bundles"),
        blank=True,
        related_name="items",
    )

    # --- handling -----------------------------------------------------------
    handling_type = models.CharField(
        _("handling type"), max_length=1, choices=HandlingType.choices
    )
    review_type = models.CharField(
        _("review type"), max_length=20, choices=ReviewType.choices, blank=True
    )
    legal_limit_value = models.PositiveIntegerField(
        _("legal time limit"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no law sets a limit."),
    )
    legal_limit_unit = models.CharField(
        _("legal limit unit"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    legal_limit_note = models.CharField(
        _("legal limit note"), max_length=255, blank=True
    )
    promised_limit_value = models.PositiveIntegerField(
        _("promised time limit"),
        null=True,
        blank=True,
        help_text=_("0 means handled immediately."),
    )
    promised_limit_unit = models.CharField(
        _("promised limit unit"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    promised_limit_note = models.CharField(
        _("promised limit note"), max_length=255, blank=True
    )
    visits = models.PositiveSmallIntegerField(
        _("visits to the hall"), default=0, validators=[MaxValueValidator(9)]
    )
    must_visit_reason = models.TextField(_("reason a visit is needed"), blank=True)
    is_online = models.BooleanField(_("can be handled online"), default=False)
    online_depth = models.CharField(
        _("online depth"), max_length=1, choices=OnlineDepth.choices, blank=True
    )
    online_stages = MultipleChoiceListField(
        _("online stages"), item_choices=OnlineStage.choices
    )
    online_url = models.URLField(_("online application address"), blank=True)
    # Lazy reference: the catalogue links to forms but never builds them.
    application_form = models.ForeignKey(
        "formbuilder.FormDefinition",
        verbose_name=_("online application form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Citizens apply through this form; its upload fields link to the materials by name."
        ),
    )
    channels = MultipleChoiceListField(_("channels"), item_choices=Channel.choices)
    tongban_scope = models.CharField(
        _("handled-anywhere scope"),
        max_length=20,
        choices=TongbanScope.choices,
        default=TongbanScope.NONE,
    )

    # --- fees, basis, conditions, result -----------------------------------
    is_charged = models.BooleanField(_("charges a fee"), default=False)
    supports_online_payment = models.BooleanField(_("online payment"), default=False)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    accept_conditions = models.TextField(_("acceptance conditions"), blank=True)
    result_name = models.CharField(_("result name"), max_length=200, blank=True)
    result_type = models.CharField(
        _("result type"), max_length=20, choices=ResultType.choices, blank=True
    )
    result_sample = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("result sample"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # --- where and whom to ask ---------------------------------------------
    address = models.TextField(_("address"), blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)
    consult_phone = models.CharField(
        _("consultation phone"),
        max_length=50,
        blank=True,
        validators=[PhoneValidator()],
    )
    complaint_phone = models.CharField(
        _("complaint phone"), max_length=50, blank=True, validators=[PhoneValidator()]
    )

    # --- status -----------------------------------------------------------
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ItemStatus.choices,
        default=ItemStatus.ACTIVE,
    )
    is_high_frequency = models.BooleanField(_("high-frequency item"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="service_item",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="service_item",
        for_concrete_model=False,
    )

    objects = ServiceItemQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=4),
        index.AutocompleteField("name"),
        index.SearchField("implementation_code"),
        index.SearchField("aliases", boost=2),
        index.FilterField("region"),
        index.FilterField("department"),
        index.FilterField("item_type"),
        index.FilterField("online_depth"),
        index.FilterField("status"),
        index.FilterField("live"),
        index.FilterField("is_high_frequency"),
    ]

    class Meta:
        ordering = ["region__sort_order", "implementation_code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        indexes = [models.Index(fields=["region", "live", "status"])]

    def __str__(self):
        return f"{self.name}（{self.implementation_code}）"

    # --- derived values ----------------------------------------------------
    @property
    def alias_list(self):
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    @property
    def effective_variant(self):
        """The chosen case, or the one the name states (``catalogue.variants``)."""
        from ..variants import effective_variant

        return effective_variant(self.variant, self.name)

    @property
    def topic_groups(self):
        return {topic.audience_group for topic in self.topics.all()}

    @property
    def supports_appointment(self):
        return Channel.APPOINTMENT in self.channels

    @property
    def supports_express(self):
        return bool({Channel.EXPRESS_IN, Channel.EXPRESS_OUT} & set(self.channels))

    @property
    def is_immediate(self):
        return self.handling_type == HandlingType.IMMEDIATE

    @property
    def is_full_online(self):
        return self.online_depth == OnlineDepth.LEVEL_4

    def get_url(self, request=None):
        from ..routing import item_url

        return item_url(self.implementation_code, request)

    # --- validation ----------------------------------------------------------
    def rule_children(self):
        return rules.ItemChildren(
            materials=list(self.materials.all()),
            faqs=list(self.faqs.all()),
            steps=list(self.steps.all()),
            fees=list(self.fees.all()),
        )

    def check_rules(self):
        return rules.check_item(self, self.rule_children())

    def clean(self):
        super().clean()
        if not (self.region_id and self.department_id):
            return  # field validation reports the missing relation
        errors = {}
        for violation in self.check_rules():
            if violation.severity is rules.Severity.ERROR:
                errors.setdefault(violation.field, []).append(violation.message)
        # Materials are not a field of the item form: report them form-wide.
        for number, material in enumerate(self.materials.all(), start=1):
            for violation in rules.check_material(material):
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    f"{number}. {material.name}: {violation.message}"
                )
        if errors:
            raise ValidationError(errors)

    def warnings(self):
        """Soft-rule findings to show the editor; they never block saving."""
        return [v for v in self.check_rules() if v.severity is rules.Severity.WARNING]

    # --- preview -----------------------------------------------------------
    def get_preview_template(self, request, mode_name):
        return "catalogue/service_item_guide.html"

    def get_preview_context(self, request, mode_name):
        from ..guide import guide_context

        return guide_context(self, request)
