"""Search data editors manage (synonyms) and anonymous query statistics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SynonymGroup(models.Model):
    """Words citizens use interchangeably, e.g. 驾照 = 机动车驾驶证."""

    terms = models.TextField(
        _("terms"),
        help_text=_("Two or more words that mean the same, separated by = or commas."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.term_list)

    @property
    def term_list(self):
        import re

        return [t.strip() for t in re.split(r"[=,，、;；\n]+", self.terms) if t.strip()]


class IndexEntry(models.Model):
    """One searchable document as the embedded backend stores it.

    The analysed tokens live beside it in the vendor's full-text structure
    (``search_fts``: an FTS5 table on SQLite, a tsvector table on
    PostgreSQL), keyed by this row's id.
    """

    doc_id = models.CharField(_("document id"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    code = models.CharField(_("code"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    region_code = models.CharField(_("region code"), max_length=20, blank=True)
    region_name = models.CharField(_("region name"), max_length=100, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    facets = models.JSONField(_("facets"), default=dict, blank=True)
    # "name=value" lines: facet counts are tallied from the match rows in one
    # pass instead of a second full-text query joined to IndexFacet.
    facet_keys = models.TextField(_("facet keys"), blank=True)
    boost = models.FloatField(_("boost"), default=1.0)
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    # The 情形 of an item (首次/补领/换领 …): ranking prefers the case a query
    # asks for, the basic one when it asks for none.
    variant = models.CharField(_("variant"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.doc_id


class IndexFacetGroup(models.Model):
    """One distinct set of facet values ("name=value" lines) shared by entries.

    Counting facets groups the matches by this small integer instead of by
    text, then splits each distinct set once.
    """

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    keys = models.TextField(_("facet keys"), blank=True)

    class Meta:
        verbose_name = _("search facet group")
        verbose_name_plural = _("search facet groups")

    def __str__(self):
        return self.digest


class IndexRank(models.Model):
    """The few columns ranking and counting read for every match.

    A narrow copy of ``IndexEntry`` (one row per entry, same id): the
    database reads many rows per page instead of one wide row per match.
    """

    # No database constraint on the rows an entry owns (ADR 0019): the one
    # index writer creates and deletes them with their entry, and checking
    # each at commit was a tenth of a 20,000-item import on PostgreSQL.
    entry = models.OneToOneField(
        IndexEntry,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=40)
    boost = models.FloatField(_("boost"), default=1.0)
    region_code = models.CharField(_("region code"), max_length=20, blank=True)
    facet_group = models.ForeignKey(
        IndexFacetGroup, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("search rank row")
        verbose_name_plural = _("search rank rows")

    def __str__(self):
        return str(self.entry_id)


class IndexFacet(models.Model):
    """A facet value of an entry, one row per value, for filters and counts."""

    entry = models.ForeignKey(
        IndexEntry, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    name = models.CharField(_("name"), max_length=40)
    value = models.CharField(_("value"), max_length=200)

    class Meta:
        verbose_name = _("search facet value")
        verbose_name_plural = _("search facet values")
        indexes = [
            models.Index(fields=["name", "value"], name="search_facet_name_value")
        ]

    def __str__(self):
        return f"{self.name}={self.value}"


class IndexSuggestion(models.Model):
    """A title or alias offered while typing, with its pinyin and initials."""

    entry = models.ForeignKey(
        IndexEntry, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    text = models.CharField(_("text"), max_length=500, db_index=True)
    pinyin = models.CharField(_("pinyin"), max_length=1000, db_index=True)
    initials = models.CharField(_("initials"), max_length=200, db_index=True)
    weight = models.FloatField(_("weight"), default=1.0)

    class Meta:
        verbose_name = _("search suggestion")
        verbose_name_plural = _("search suggestions")

    def __str__(self):
        return self.text


# Anonymous query statistics live in their own module; imported so Django sees them.
from .analytics import ClickStat, QueryStat  # noqa: E402, F401
