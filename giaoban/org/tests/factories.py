"""Factories for the org app; objects are built through the services so invariants hold."""

from __future__ import annotations

import factory

from giaoban.core.permissions import Role
from giaoban.org import services
from giaoban.org.models import (
    Committee,
    CommitteeLayout,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    User,
)

DEMO_PASSWORD = "giaoban-demo"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = ""
    kind = OrganisationKind.DEPARTMENT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Factories make look-alike names on purpose ("Sở Ân", "Sở Ăn"); tests of the duplicate check
        # call the service.
        kwargs.setdefault("confirm_duplicate", True)
        return services.organisation_create(actor=None, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.person_create(actor=None, **kwargs)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Chuyên viên"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = kwargs.pop("person")
        return services.position_create(actor=None, person=person, **kwargs)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Ban Chỉ đạo thử nghiệm {n} tỉnh Lạng Sơn")
    short_name = factory.Sequence(lambda n: f"BCĐ {n}")
    title_name = factory.Sequence(lambda n: f"Ban Chỉ đạo thử nghiệm {n} tỉnh")
    document_layout = CommitteeLayout.STATE
    document_code = "BCĐ"
    place_name = "Lạng Sơn"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.committee_create(actor=None, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = MembershipRole.MEMBER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        committee = kwargs.pop("committee")
        return services.membership_create(actor=None, committee=committee, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.UNIT_OFFICER
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        committees = kwargs.pop("committees", None)
        password = kwargs.pop("password", DEMO_PASSWORD)
        return services.user_create(actor=None, password=password, committees=committees, **kwargs)
