"""Code lists of the national standard (GB/T 39046-2020 and exchange tables).

Stored values are the standard's codes where it has them, so exports to the
national platform need no translation.  Labels are English msgids; the
zh-hans catalogue gives the standard's Chinese terms.
"""

from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    ADMINISTRATIVE_POWER = "00", _("Administrative power")
    LICENSING = "01", _("Administrative licensing")
    PENALTY = "02", _("Administrative penalty")
    ENFORCEMENT = "03", _("Administrative enforcement")
    LEVY = "04", _("Administrative levy")
    BENEFIT = "05", _("Administrative benefit")
    INSPECTION = "06", _("Administrative inspection")
    CONFIRMATION = "07", _("Administrative confirmation")
    REWARD = "08", _("Administrative reward")
    ADJUDICATION = "09", _("Administrative adjudication")
    OTHER_POWER = "10", _("Other administrative power")
    PUBLIC_SERVICE = "20", _("Public service")


class Audience(models.TextChoices):
    NATURAL_PERSON = "1", _("Natural person")
    ENTERPRISE = "2", _("Enterprise legal person")
    PUBLIC_INSTITUTION = "3", _("Public institution")
    SOCIAL_ORGANISATION = "4", _("Social organisation")
    GOVERNMENT_BODY = "5", _("Government body")
    OTHER_ORGANISATION = "6", _("Other organisation")


LEGAL_PERSON_AUDIENCES = frozenset({"2", "3", "4", "5", "6"})


class ExerciseLevel(models.TextChoices):
    NATIONAL = "1", _("National")
    PROVINCIAL = "2", _("Provincial")
    MUNICIPAL = "3", _("Municipal")
    COUNTY = "4", _("County")
    TOWNSHIP = "5", _("Township")
    VILLAGE = "6", _("Village")
    TIERED = "7", _("Tiered")


class HandlingType(models.TextChoices):
    IMMEDIATE = "1", _("Immediate item")
    PROMISED = "2", _("Promised item")
    OTHER = "9", _("Other")


class ReviewType(models.TextChoices):
    IMMEDIATE = "immediate", _("Reviewed on the spot")
    PRIOR_REVIEW = "prior_review", _("Reviewed before approval")


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("working days")
    NATURAL_DAY = "natural_day", _("calendar days")
    MONTH = "month", _("months")


# Natural days per unit, used only to compare limits expressed in different
# units (domain guide §4: working days count 1.4 natural days, a month 30).
# Fractions keep the comparison exact (3 working days are 21/5 days, not 4.1999…).
NATURAL_DAYS_PER_UNIT = {
    TimeUnit.WORKING_DAY: Fraction(7, 5),
    TimeUnit.NATURAL_DAY: Fraction(1),
    TimeUnit.MONTH: Fraction(30),
}


class OnlineDepth(models.TextChoices):
    LEVEL_1 = "1", _("Level I: online consultation")
    LEVEL_2 = "2", _("Level II: online pre-review")
    LEVEL_3 = "3", _("Level III: online acceptance (at most one visit)")
    LEVEL_4 = "4", _("Level IV: fully online (no visit)")


class OnlineStage(models.TextChoices):
    CONSULT = "1", _("Online consultation")
    RECEIVE = "2", _("Online receipt")
    PRE_REVIEW = "3", _("Online pre-review")
    ACCEPT = "4", _("Online acceptance")
    PROCESS = "5", _("Online processing")
    RESULT_FEEDBACK = "6", _("Online result notice")
    E_LICENCE_FEEDBACK = "7", _("Online e-licence delivery")
    OTHER = "8", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Online (web)")
    MOBILE = "mobile", _("Mobile app")
    WINDOW = "window", _("At a window")
    APPOINTMENT = "appointment", _("By appointment")
    EXPRESS_IN = "express_in", _("Mail in materials")
    EXPRESS_OUT = "express_out", _("Result by post")
    SELF_SERVICE = "self_service", _("Self-service terminal")
    AGENT = "agent", _("Assisted or by agent")


class TongbanScope(models.TextChoices):
    NONE = "none", _("Local only")
    CITY = "city", _("City-wide")
    PROVINCE = "province", _("Province-wide")
    CROSS_PROVINCE = "cross_province", _("Across provinces")
    NATIONAL = "national", _("Nationwide")


class ResultType(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate issued")
    DOCUMENT = "document", _("Document issued")
    APPROVAL = "approval", _("Approval issued")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("In use")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class AudienceGroup(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("Individuals")
    LEGAL_PERSON = "legal_person", _("Organisations")


class MaterialForm(models.TextChoices):
    ORIGINAL = "1", _("Original")
    COPY = "2", _("Copy")
    ORIGINAL_AND_COPY = "3", _("Original and copy")
    ORIGINAL_OR_COPY = "4", _("Original or copy")


class MaterialMedium(models.TextChoices):
    PAPER = "1", _("Paper")
    ELECTRONIC = "2", _("Electronic")
    PAPER_AND_ELECTRONIC = "3", _("Paper and electronic")
    PAPER_OR_ELECTRONIC = "4", _("Paper or electronic")


class MaterialSource(models.TextChoices):
    APPLICANT = "10", _("Applicant provides")
    GOVERNMENT = "20", _("Issued by a government body")
    OTHER = "99", _("Other")


class WaiveVia(models.TextChoices):
    E_LICENCE = "e_licence", _("Electronic licence")
    DATA_SHARING = "data_sharing", _("Data sharing")
    COMMITMENT = "commitment", _("Written commitment")
    DEPARTMENT_CHECK = "department_check", _("Department verification")


class DepartmentNature(models.TextChoices):
    STATUTORY = "1", _("Statutory body")
    AUTHORISED = "2", _("Authorised organisation")
    ENTRUSTED = "3", _("Entrusted organisation")
    OTHER = "9", _("Other")


class HallStatus(models.TextChoices):
    """Operating status of a service hall's windows."""

    OPEN = "open", _("Open")
    LIMITED = "limited", _("Limited service")
    PAUSED = "paused", _("Window service paused")


class ItemVariant(models.TextChoices):
    """The 情形 of a 业务办理项: which case of a family of items this one is.

    Blank on an item means "read it from the name" (``catalogue.variants``).
    """

    NEW = "new", _("First application")
    REPLACEMENT = "replacement", _("Replacement of a lost or damaged one")
    RENEWAL = "renewal", _("Renewal on expiry")
    CHANGE = "change", _("Change of registered details")
    CANCELLATION = "cancellation", _("Cancellation")
    EXTENSION = "extension", _("Extension")
