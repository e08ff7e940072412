"""Every write to organisations, people, positions, committees, memberships, users and tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core import permissions
from giaoban.core.services import apply_changes, audited_save, normalise_fields
from giaoban.core.vietnamese import (
    clean_text,
    directory_key,
    format_date_short,
    name_key,
    search_key,
    sort_vietnamese,
)

from .letterhead import propose_layout
from .models import (
    ApiToken,
    Committee,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
    Reorganisation,
    ReorganisationKind,
    User,
)

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "aliases",
    "kind",
    "level",
    "parent",
    "email",
    "phone",
    "start_date",
    "end_date",
)
PERSON_FIELDS = ("full_name", "email", "phone")
POSITION_FIELDS = ("organisation", "title", "precedence", "start_date", "end_date")
COMMITTEE_FIELDS = (
    "name",
    "short_name",
    "title_name",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "standing_agency",
    "document_layout",
    "parent_body",
    "parent_body_name",
    "parent_body_code",
    "document_code",
    "place_name",
    "reporting_convention",
    "notice_requires_sign_off",
)
MEMBERSHIP_FIELDS = ("person", "role", "representing", "start_date", "end_date")


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return normalise_fields({k: v for k, v in data.items() if k in fields}, multiline=("aliases",))


# --- Organisations -------------------------------------------------------------------------------

ORGANISATION_DUPLICATE = _(
    "Đã có “%(name)s” (%(url)s). Nếu đây là một đơn vị khác, hãy xác nhận để vẫn thêm đơn vị mới."
)
REORGANISE_KIND = _("Hình thức sắp xếp không hợp lệ.")
REORGANISE_NO_SUCCESSOR = _("Chọn đơn vị kế thừa hoặc nhập tên mới.")
REORGANISE_ONE_SUCCESSOR = _("Sáp nhập hoặc đổi tên thì chỉ có một đơn vị kế thừa.")
REORGANISE_TWO_SUCCESSORS = _("Chia tách thì cần ít nhất hai đơn vị kế thừa.")
REORGANISE_SELF = _("Đơn vị kế thừa không được là chính đơn vị được sắp xếp.")
REORGANISE_ENDED = _("Đơn vị “%(name)s” đã thôi hoạt động trước ngày %(date)s.")
REORGANISE_NOT_ACTIVE = _("Đơn vị kế thừa “%(name)s” không hoạt động vào ngày %(date)s.")


UNIT_ENDED = _("Đơn vị “%(unit)s” đã thôi hoạt động từ ngày %(date)s, trước ngày giao nhiệm vụ.")


def unit_ended_message(unit: Organisation, day: dt.date) -> str | None:
    """Any body of the directory may lead or coordinate a task (a commune, the UBND, a ministry) as
    long as it had not ended before the day the task was given; the refusal otherwise."""
    if unit.end_date is not None and unit.end_date < day:
        ended = format_date_short(unit.end_date + dt.timedelta(days=1))
        return str(UNIT_ENDED % {"unit": unit.name, "date": ended})
    return None


def _organisation_keys(org: Organisation) -> None:
    """The stored search key (names as written and expanded) and the exact name keys."""
    names = [org.name, org.short_name, *org.alias_list]
    org.search_key = directory_key(*names)
    keys = dict.fromkeys(key for key in (name_key(name) for name in names) if key)
    org.name_keys = "|" + "|".join(keys) + "|" if keys else ""


def organisation_duplicates(name: str, *, exclude: int | None = None) -> list[Organisation]:
    """Bodies whose name, short name or alias is the same name once accents, case, punctuation and
    abbreviations are set aside ("UBND Tỉnh Lạng Sơn" = "Ủy ban nhân dân tỉnh Lạng Sơn")."""
    key = name_key(name)
    if not key:
        return []
    qs = Organisation.objects.filter(name_keys__contains=f"|{key}|")
    if exclude:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("pk"))


def _refuse_duplicate(
    name: str, *, exclude: int | None = None, field: str = "name", besides: tuple[int, ...] = ()
) -> None:
    found = [org for org in organisation_duplicates(name, exclude=exclude) if org.pk not in besides]
    if found:
        params = {"name": found[0].name, "url": found[0].get_absolute_url()}
        raise ValidationError(
            {field: ValidationError(ORGANISATION_DUPLICATE, code="duplicate", params=params)}
        )


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    committees: list[Committee] | None = None,
    confirm_duplicate: bool = False,
    **data: Any,
) -> Organisation:
    """Add a body to the directory, refused ("Đã có …") when its name matches one already there unless
    `confirm_duplicate`; it joins the given committees as a member unit (membership is optional)."""
    org = Organisation(**_pick(data, ORGANISATION_FIELDS))
    org.aliases = _clean_aliases(org.aliases)
    if not confirm_duplicate:
        _refuse_duplicate(org.name)
    _organisation_keys(org)
    audited_save(org, actor=actor)
    for committee in committees or []:
        committee_update(actor=actor, committee=committee, member_units=[*committee.member_units.all(), org])
    return org


def _clean_aliases(value: str) -> str:
    """One alias a line, each cleaned, repeats dropped."""
    lines = dict.fromkeys(clean_text(line) for line in (value or "").splitlines())
    return "\n".join(line for line in lines if line)


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    expected_version: int | None = None,
    confirm_duplicate: bool = False,
    **data: Any,
) -> Organisation:
    """Update a unit; a stale expected_version raises EditConflict and writes nothing. A new name that
    matches another body is refused as on creation."""
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    values = _pick(data, ORGANISATION_FIELDS)
    if "aliases" in values:
        values["aliases"] = _clean_aliases(values["aliases"])
    if "name" in values and values["name"] != org.name and not confirm_duplicate:
        _refuse_duplicate(values["name"], exclude=org.pk)
    if apply_changes(org, values, expected_version=expected_version):
        _organisation_keys(org)
        audited_save(org, actor=actor)
    return org


# Apps holding work for a unit (tasks, report requests) register how it moves to a successor, so that
# org imports none of them: handler(actor=, reorganisation=, predecessor=, successor=, on=) returns
# counts by kind, added to Reorganisation.moved.
ReorganisationHandler = Callable[..., dict[str, int]]
REORGANISATION_HANDLERS: list[ReorganisationHandler] = []


def register_reorganisation_handler(handler: ReorganisationHandler) -> None:
    if handler not in REORGANISATION_HANDLERS:
        REORGANISATION_HANDLERS.append(handler)


def _validate_reorganisation(
    kind: str, on: dt.date, predecessors: list[Organisation], successors: list[Organisation]
) -> None:
    errors: dict[str, list[Any]] = {}
    if not successors:
        errors.setdefault("successors", []).append(REORGANISE_NO_SUCCESSOR)
    elif kind in (ReorganisationKind.MERGE, ReorganisationKind.RENAME) and len(successors) != 1:
        errors.setdefault("successors", []).append(REORGANISE_ONE_SUCCESSOR)
    elif kind == ReorganisationKind.SPLIT and len(successors) < 2:
        errors.setdefault("successors", []).append(REORGANISE_TWO_SUCCESSORS)
    before = format_date_short(on)
    for org in predecessors:
        if org.pk in {s.pk for s in successors}:
            errors.setdefault("successors", []).append(REORGANISE_SELF)
        if org.end_date is not None and org.end_date < on - dt.timedelta(days=1):
            errors.setdefault("date", []).append(REORGANISE_ENDED % {"name": org.name, "date": before})
    for org in successors:
        if org.pk and not org.is_active_on(on):
            errors.setdefault("successors", []).append(
                REORGANISE_NOT_ACTIVE % {"name": org.name, "date": before}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_reorganise(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    on: dt.date,
    successors: list[Organisation] | None = None,
    new_name: str = "",
    merged_with: list[Organisation] | None = None,
    decision: str = "",
) -> Reorganisation:
    """Merge `organisation` (and `merged_with`) into one successor, split it into several, or rename it
    as a new body (`new_name`) on `on`. The predecessors end the day before; their open tasks,
    coordinating roles, pending report requests, users, committee seats move to the (first) successor;
    past records keep pointing at the predecessors, so past figures keep the names of the time."""
    if kind not in ReorganisationKind.values:
        raise ValidationError({"kind": ValidationError(REORGANISE_KIND, code="invalid")})
    predecessors = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=[organisation.pk, *[o.pk for o in merged_with or []]])
        .order_by("pk")
    )
    wanted = list(dict.fromkeys(successors or []))
    name = clean_text(new_name)
    if name:
        original = next(o for o in predecessors if o.pk == organisation.pk)
        new = Organisation(
            name=name, kind=original.kind, level=original.level, parent=original.parent, start_date=on
        )
        wanted.insert(0, new)
    _validate_reorganisation(kind, on, predecessors, wanted)
    if name:
        # A successor already in the directory is chosen, not created again.
        _refuse_duplicate(name, field="new_name", besides=tuple(p.pk for p in predecessors))
    for index, successor in enumerate(wanted):
        if successor.pk is None:
            wanted[index] = organisation_create(
                actor=actor,
                name=successor.name,
                kind=successor.kind,
                level=successor.level,
                parent=successor.parent,
                start_date=on,
                confirm_duplicate=True,
            )
    record = Reorganisation(kind=kind, date=on, decision=clean_text(decision))
    audited_save(record, actor=actor)
    record.predecessors.set(predecessors)
    record.successors.set(wanted)
    principal = wanted[0]
    moved: dict[str, int] = {}
    for predecessor in predecessors:
        organisation_update(actor=actor, organisation=predecessor, end_date=on - dt.timedelta(days=1))
        counts = _move_org_work(actor=actor, predecessor=predecessor, successor=principal)
        for handler in REORGANISATION_HANDLERS:
            counts.update(
                handler(
                    actor=actor, reorganisation=record, predecessor=predecessor, successor=principal, on=on
                )
            )
        for key, value in counts.items():
            moved[key] = moved.get(key, 0) + value
    record.moved = moved
    audited_save(record, actor=actor, reason=_reorganisation_reason(record, predecessors, wanted))
    return record


def _reorganisation_reason(
    record: Reorganisation, predecessors: list[Organisation], successors: list[Organisation]
) -> str:
    before = ", ".join(o.name for o in predecessors)
    after = ", ".join(o.name for o in successors)
    return f"{record.get_kind_display()}: {before} → {after}"


def _move_org_work(*, actor: Any, predecessor: Organisation, successor: Organisation) -> dict[str, int]:
    """Users, committee seats (member unit, standing agency) and children move to the successor."""
    users = list(User.objects.filter(organisation=predecessor))
    for user in users:
        user.organisation = successor
        if actor is not None and getattr(actor, "is_authenticated", False):
            user._history_user = actor
        user._change_reason = f"Chuyển từ {predecessor.name} sang {successor.name}"
        user.save(update_fields=["organisation"])
    committees = list(Committee.objects.filter(member_units=predecessor))
    for committee in committees:
        units = [u for u in committee.member_units.all() if u.pk != predecessor.pk]
        committee_update(
            actor=actor, committee=committee, member_units=list(dict.fromkeys([*units, successor]))
        )
    for committee in Committee.objects.filter(standing_agency=predecessor):
        committee_update(actor=actor, committee=committee, standing_agency=successor)
    for child in Organisation.objects.filter(parent=predecessor, end_date__isnull=True):
        organisation_update(actor=actor, organisation=child, parent=successor)
    return {"users": len(users), "committees": len(committees)}


# --- People and positions ------------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor: Any, **data: Any) -> Person:
    person = Person(**_pick(data, PERSON_FIELDS))
    person.search_key = search_key(person.full_name)
    audited_save(person, actor=actor)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int | None = None, **data: Any) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if apply_changes(locked, _pick(data, PERSON_FIELDS), expected_version=expected_version):
        locked.search_key = search_key(locked.full_name)
        audited_save(locked, actor=actor)
    return locked


@transaction.atomic
def position_create(*, actor: Any, person: Person, **data: Any) -> Position:
    """Give a person a title at an organisation; concurrent positions are allowed."""
    position = Position(person=person, **_pick(data, POSITION_FIELDS))
    audited_save(position, actor=actor)
    return position


@transaction.atomic
def position_update(
    *, actor: Any, position: Position, expected_version: int | None = None, **data: Any
) -> Position:
    locked = Position.objects.select_for_update().get(pk=position.pk)
    if apply_changes(locked, _pick(data, POSITION_FIELDS), expected_version=expected_version):
        audited_save(locked, actor=actor)
    return locked


@transaction.atomic
def position_delete(*, actor: Any, position: Position) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        position._history_user = actor
    position.delete()


# --- Committees and memberships ------------------------------------------------------------------


def _committee_search_key(committee: Committee) -> str:
    return search_key(f"{committee.name} {committee.short_name}")


COMMITTEE_EXISTS = _("Đã có ban chỉ đạo “%(name)s”.")
HEAD_EXISTS = _(
    "Ban chỉ đạo đã có Trưởng ban %(name)s trong thời gian này; hãy ghi ngày thôi giữ vai trò trước."
)
PARENT_BODY_NOT_A_BODY = _("Cơ quan chủ quản phải là Tỉnh ủy, HĐND hoặc UBND, không phải %(name)s.")
PARENT_BODY_KINDS = (
    OrganisationKind.PARTY,
    OrganisationKind.PEOPLES_COUNCIL,
    OrganisationKind.PEOPLES_COMMITTEE,
)


def _check_committee(committee: Committee) -> None:
    """The rules full_clean does not know: one committee per name, a parent body that issues documents."""
    errors: dict[str, Any] = {}
    # Few committees per deployment: names compare accent- and case-insensitively in Python.
    key = search_key(committee.name)
    others = Committee.objects.exclude(pk=committee.pk).values_list("name", flat=True)
    if key and any(search_key(name) == key for name in others):
        errors["name"] = ValidationError(COMMITTEE_EXISTS, code="duplicate", params={"name": committee.name})
    parent = committee.parent_body
    if parent is not None and parent.kind not in PARENT_BODY_KINDS:
        errors["parent_body"] = ValidationError(
            PARENT_BODY_NOT_A_BODY, code="parent_body_kind", params={"name": parent.name}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def committee_create(
    *,
    actor: Any,
    member_units: list[Organisation] | None = None,
    head: Person | None = None,
    **data: Any,
) -> Committee:
    """Set up a committee. An empty document layout or parent body is proposed by the rule of
    letterhead.propose_layout (the head's Party post and the standing agency's kind); a head becomes
    its first membership from the founding decision's date; a secretariat officer who sets it up
    joins it (a committee is seen through its users)."""
    fields = _pick(data, COMMITTEE_FIELDS)
    if not fields.get("document_layout") or fields.get("parent_body") is None:
        proposal = propose_layout(
            head=head,
            standing_agency=fields.get("standing_agency"),
            on=fields.get("decision_date") or timezone.localdate(),
        )
        if not fields.get("document_layout"):
            fields["document_layout"] = proposal.layout
        if fields.get("parent_body") is None:
            fields["parent_body"] = proposal.parent_body
    committee = Committee(**fields)
    committee.search_key = _committee_search_key(committee)
    _check_committee(committee)
    audited_save(committee, actor=actor)
    if member_units is not None:
        committee.member_units.set(member_units)
    if head is not None:
        membership_create(
            actor=actor,
            committee=committee,
            person=head,
            role=MembershipRole.HEAD,
            representing=committee.parent_body,
            start_date=committee.decision_date,
        )
    if permissions.is_secretariat(actor):
        actor.committees.add(committee)
        actor._giaoban_committee_ids = None
    return committee


@transaction.atomic
def committee_update(
    *,
    actor: Any,
    committee: Committee,
    expected_version: int | None = None,
    member_units: list[Organisation] | None = None,
    **data: Any,
) -> Committee:
    locked = Committee.objects.select_for_update().get(pk=committee.pk)
    changed = apply_changes(locked, _pick(data, COMMITTEE_FIELDS), expected_version=expected_version)
    reason = ""
    if member_units is not None:
        current = {unit.pk: unit for unit in locked.member_units.all()}
        wanted = {unit.pk: unit for unit in member_units}
        added = [wanted[pk].name for pk in wanted.keys() - current.keys()]
        removed = [current[pk].name for pk in current.keys() - wanted.keys()]
        if added or removed:
            reason = _member_units_reason(added, removed)
            if not changed:
                locked.version += 1
            locked.member_units.set(member_units)
    if changed or reason:
        locked.search_key = _committee_search_key(locked)
        _check_committee(locked)
        audited_save(locked, actor=actor, reason=reason)
    return locked


def _member_units_reason(added: list[str], removed: list[str]) -> str:
    """ "Đơn vị thành viên: thêm Sở A; bớt Huyện B": member-unit changes as the history row's reason."""
    parts = []
    if added:
        parts.append("thêm " + ", ".join(sort_vietnamese(added)))
    if removed:
        parts.append("bớt " + ", ".join(sort_vietnamese(removed)))
    return "Đơn vị thành viên: " + "; ".join(parts)


def _check_membership(membership: CommitteeMembership) -> None:
    """A committee has one head at a time."""
    if membership.role != MembershipRole.HEAD:
        return
    heads = (
        CommitteeMembership.objects.filter(committee=membership.committee_id, role=MembershipRole.HEAD)
        .exclude(pk=membership.pk)
        .select_related("person")
    )
    start, end = membership.start_date, membership.end_date
    for other in heads:
        if (other.end_date is None or start is None or other.end_date >= start) and (
            other.start_date is None or end is None or other.start_date <= end
        ):
            raise ValidationError(
                {"role": ValidationError(HEAD_EXISTS, code="head", params={"name": other.person.full_name})}
            )


@transaction.atomic
def membership_create(*, actor: Any, committee: Committee, **data: Any) -> CommitteeMembership:
    membership = CommitteeMembership(committee=committee, **_pick(data, MEMBERSHIP_FIELDS))
    _check_membership(membership)
    audited_save(membership, actor=actor)
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: CommitteeMembership, expected_version: int | None = None, **data: Any
) -> CommitteeMembership:
    locked = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    if apply_changes(locked, _pick(data, MEMBERSHIP_FIELDS), expected_version=expected_version):
        _check_membership(locked)
        audited_save(locked, actor=actor)
    return locked


# --- Users ---------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    role: str,
    organisation: Organisation | None = None,
    committees: list[Committee] | None = None,
    person: Person | None = None,
    **extra: Any,
) -> User:
    user = User(
        username=username, role=role, organisation=organisation, person=person, **normalise_fields(extra)
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    if actor is not None and getattr(actor, "is_authenticated", False):
        user._history_user = actor
    user.full_clean(exclude=["password"])
    user.save()
    if committees:
        user.committees.set(committees)
    return user


# --- API tokens ----------------------------------------------------------------------------------


@transaction.atomic
def api_token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Issue a token; the raw key is returned once and only its digest is stored."""
    raw_key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=normalise_fields({"name": name})["name"],
        key_digest=ApiToken.digest(raw_key),
        prefix=raw_key[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.GIAOBAN_API_TOKEN_DAYS),
    )
    return token, raw_key


def api_token_authenticate(raw_key: str) -> User | None:
    """The active user a raw key belongs to, or None; records last use at most once a minute."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=ApiToken.digest(raw_key), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, user: User, raw_key: str | None = None, token_id: int | None = None) -> int:
    """Revoke the user's token given by raw key or id; returns how many were revoked (0: none of
    theirs, which the pages and the API answer with 404)."""
    if raw_key is None and token_id is None:
        raise ValueError("api_token_revoke needs raw_key or token_id; api_tokens_revoke_all revokes all")
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if raw_key is not None:
        tokens = tokens.filter(key_digest=ApiToken.digest(raw_key))
    else:
        tokens = tokens.filter(pk=token_id)
    return tokens.update(revoked_at=timezone.now())


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """Every token of the user stops working: their password changed or their account was disabled."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
