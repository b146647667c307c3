"""What secretaries and staff import from Excel in the societies app: a volunteer roster, and
(staff, in the admin) societies with their secretaries' accounts. See ``societies.framework.imports``."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import City, DisciplineGroup, Role, SocietyLevel
from .framework.emails import queue_password_email
from .framework.imports import (
    BooleanWidget,
    ChoiceWidget,
    Column,
    DateWidget,
    ImportResource,
    IntegerWidget,
    PreviewRow,
)
from .models import Society, Volunteer


def phone_key(phone: str) -> str:
    """A phone number as digits only (138-0000 0000 and 13800000000 are the same person)."""
    return re.sub(r"\D", "", phone or "")


class VolunteerImport(ImportResource):
    """The volunteer and expert roster of the secretary's own society."""

    title = gettext_lazy("Import volunteers and experts")
    sheet_title = gettext_lazy("Volunteers")

    class Meta(ImportResource.Meta):
        model = Volunteer

    def columns(self) -> list[Column]:
        return [
            Column("name", required=True, example="张三", header=_("Full name")),
            Column("is_expert", BooleanWidget(), example="否", note=_("是 or 否 (empty: 否)")),
            Column("profession", example="中学物理教师"),
            Column("expertise", example="力学、天文科普", width=24),
            Column("phone", example="13800000000", note=_("Rows with the same phone number are the same person.")),
            Column("email", example="zhangsan@example.org", width=24),
            Column("joined_on", DateWidget(), example="2025-03-01", note=_("A date such as 2025-03-01.")),
        ]

    def duplicate_keys(self, instance) -> list:
        keys = []
        if phone := phone_key(instance.phone):
            keys.append(("phone", phone))
        if instance.email:
            keys.append(("email", instance.email.strip().lower()))
        return keys

    def existing_keys(self) -> set:
        keys = set()
        for phone, email in Volunteer.objects.filter(society=self.society).values_list("phone", "email"):
            if phone_key(phone):
                keys.add(("phone", phone_key(phone)))
            if email:
                keys.add(("email", email.strip().lower()))
        return keys


class SocietyImport(ImportResource):
    """Staff: new societies, each with its first secretary's account (who gets a set-password email)."""

    title = gettext_lazy("Import societies and their secretaries")
    sheet_title = gettext_lazy("Societies")

    class Meta(ImportResource.Meta):
        model = Society

    def columns(self) -> list[Column]:
        return [
            Column("name", required=True, example="广西示例学会", width=28),
            Column("short_name", example="示例学会"),
            Column(
                "discipline",
                ChoiceWidget(DisciplineGroup.choices),
                required=True,
                example=str(DisciplineGroup.SCIENCE.label),
            ),
            Column("level", ChoiceWidget(SocietyLevel.choices), required=True, example=str(SocietyLevel.REGION.label)),
            Column("city", ChoiceWidget(City.choices), required=True, example=str(City.NANNING.label)),
            Column("supervising_unit", example="广西壮族自治区科学技术协会", width=24),
            Column("president", example="李四"),
            Column("secretary_general", example="王五"),
            Column("contact_email", example="office@example.org", width=24),
            Column("contact_phone", example="0771-0000000"),
            Column("member_count", IntegerWidget(), example=300),
            # The secretary's account: not fields of the society, kept aside on the row.
            Column("secretary_username", required=True, example="shili_mishu", header=_("Secretary's user name")),
            Column("secretary_name", example="赵六", header=_("Secretary's name")),
            Column(
                "secretary_email", required=True, example="mishu@example.org", header=_("Secretary's email"), width=24
            ),
        ]

    SECRETARY_FIELDS = ("secretary_username", "secretary_name", "secretary_email")

    # A society's name is unique: a row naming an existing (or an earlier row's) society can only be left out.
    duplicates_must_be_skipped = True

    def __init__(self, **kwargs):
        self._taken_usernames = None
        self._seen_usernames = set()
        super().__init__(**kwargs)

    def prepare(self, instance) -> None:
        instance.is_active = True

    def row_problems(self, instance, many) -> dict[str, list[str]]:
        problems = {}
        username = getattr(instance, "secretary_username", "")
        if username and not re.fullmatch(r"[\w.@+-]{1,150}", username):
            problems["secretary_username"] = [_("Letters, digits and @ . + - _ only.")]
        elif username.lower() in self.taken_usernames():
            problems["secretary_username"] = [_("This user name is already taken.")]
        elif username.lower() in self._seen_usernames:
            problems["secretary_username"] = [_("This user name is given to an earlier row too.")]
        self._seen_usernames.add(username.lower())
        try:
            validate_email(getattr(instance, "secretary_email", ""))
        except ValidationError as exc:
            problems["secretary_email"] = list(exc.messages)
        return problems

    def taken_usernames(self) -> set[str]:
        if self._taken_usernames is None:
            names = get_user_model().objects.values_list("username", flat=True)
            self._taken_usernames = {name.lower() for name in names}
        return self._taken_usernames

    def duplicate_keys(self, instance) -> list:
        return [("name", instance.name.strip())]

    def existing_keys(self) -> set:
        return {("name", name) for name in Society.objects.values_list("name", flat=True)}

    def save_rows(self, rows: list[PreviewRow]) -> list:
        """The societies, then one secretary account each (no password: a set-password email)."""
        societies = super().save_rows(rows)
        User = get_user_model()
        for society in societies:
            first, last = "", society.secretary_name
            user = User(
                username=society.secretary_username,
                email=society.secretary_email,
                last_name=last[:150],
                first_name=first,
                role=Role.SECRETARY,
                society=society,
            )
            user.set_unusable_password()
            user._history_user = self.user
            user.save()
            queue_password_email("account_created", user=user)  # written to the outbox in this transaction
        return societies
