"""Factories for catalogue objects; items are valid by default."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from catalogue.constants import (
    Audience,
    Channel,
    ExerciseLevel,
    HandlingType,
    ItemType,
    OnlineDepth,
    ReviewType,
    TimeUnit,
)
from catalogue.models import (
    FAQ,
    Department,
    EditorScope,
    FeeItem,
    LifeEvent,
    Material,
    ProcessStep,
    Region,
    ServiceItem,
    Topic,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"98{n:04d}")
    name = factory.Sequence(lambda n: f"测试市{n}")
    level = ExerciseLevel.MUNICIPAL


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试局{n}")
    region = factory.SubFactory(RegionFactory)
    category = "公安"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("audience_group", "code")

    audience_group = "natural_person"
    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"主题{n}")


class LifeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeEvent

    audience_group = "natural_person"
    name = factory.Sequence(lambda n: f"事件{n}")
    slug = factory.Sequence(lambda n: f"event-{n}")


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """A published, promised (承诺件) item at depth Ⅲ with one visit."""

    class Meta:
        model = ServiceItem

    implementation_code = factory.Sequence(lambda n: f"TS-XX-{n:04d}")
    catalogue_code = "0700001000"
    name = factory.Sequence(lambda n: f"测试事项{n}")
    item_type = ItemType.CONFIRMATION
    audience = factory.LazyFunction(lambda: [Audience.NATURAL_PERSON.value])
    exercise_level = ExerciseLevel.MUNICIPAL
    department = factory.SubFactory(DepartmentFactory)
    region = factory.SelfAttribute("department.region")
    handling_type = HandlingType.PROMISED
    review_type = ReviewType.PRIOR_REVIEW
    legal_limit_value = 20
    legal_limit_unit = TimeUnit.WORKING_DAY
    promised_limit_value = 10
    promised_limit_unit = TimeUnit.WORKING_DAY
    visits = 1
    must_visit_reason = "需现场核验身份"
    is_online = True
    online_depth = OnlineDepth.LEVEL_3
    channels = factory.LazyFunction(lambda: [Channel.WEB.value, Channel.WINDOW.value])
    consult_phone = "12345"
    complaint_phone = "12389"
    live = True


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    item = factory.SubFactory(ServiceItemFactory)
    name = factory.Sequence(lambda n: f"材料{n}")


class FeeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    item = factory.SubFactory(ServiceItemFactory)
    name = "工本费"
    standard = "20元/证"


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    item = factory.SubFactory(ServiceItemFactory)
    name = "受理"


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    item = factory.SubFactory(ServiceItemFactory)
    question = "可以网上办理吗？"
    answer = "可以。"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"group-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


ITEM_EDITOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("catalogue", "add_serviceitem"),
    ("catalogue", "change_serviceitem"),
    ("catalogue", "view_serviceitem"),
    ("catalogue", "delete_serviceitem"),
    ("catalogue", "publish_serviceitem"),
    ("catalogue", "lock_serviceitem"),
    ("catalogue", "unlock_serviceitem"),
    ("catalogue", "change_highfrequencylist"),
    ("catalogue", "view_highfrequencylist"),
)


def make_region_editor(region, *, department=None, username=None):
    """A user whose only group is scoped to ``region`` with full item permissions."""
    group = GroupFactory()
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in ITEM_EDITOR_PERMISSIONS
        ]
    )
    EditorScope.objects.create(group=group, region=region, department=department)
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(group)
    return user
