"""The bell: notifications are created once per event, in the event's transaction, for the
society's secretaries only; each links to its record; one or all can be marked read; the count
comes with the user (no query of its own)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kepu_portal.reminders import reminder_send
from societies.framework.filing import filing_transition
from societies.framework.notifications import Notification, NotificationKind
from societies.framework.workflow import FilingAction, FilingError
from societies.models import Commendation
from tests.factories import OutreachPlanFactory, SecretaryFactory
from tests.portal.factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def _submit(plan, user):
    return filing_transition(filing=plan, action=FilingAction.SUBMIT, user=user, expected_version=plan.version)


def test_return_notifies_each_secretary_once_with_link(secretary_a, society_a, staff):
    second = SecretaryFactory(society=society_a)
    plan = _submit(OutreachPlanFactory(society=society_a), secretary_a)
    assert not Notification.objects.exists()  # submitting tells nobody
    plan = filing_transition(
        filing=plan, action=FilingAction.RETURN, user=staff, expected_version=plan.version, comment="请补充预算"
    )
    rows = list(Notification.objects.order_by("user_id"))
    assert [row.user_id for row in rows] == sorted([secretary_a.pk, second.pk])
    assert {row.kind for row in rows} == {NotificationKind.RETURNED}
    assert rows[0].url == plan.get_absolute_url()
    assert "请补充预算" in rows[0].message and "退回" in rows[0].message


def test_approve_notifies_once(secretary_a, society_a, staff, secretary_b):
    plan = _submit(OutreachPlanFactory(society=society_a), secretary_a)
    filing_transition(filing=plan, action=FilingAction.APPROVE, user=staff, expected_version=plan.version)
    assert list(Notification.objects.values_list("user_id", "kind")) == [(secretary_a.pk, NotificationKind.APPROVED)]


def test_refused_transition_creates_nothing(secretary_a, society_a, staff):
    plan = _submit(OutreachPlanFactory(society=society_a), secretary_a)
    with pytest.raises(FilingError):
        filing_transition(filing=plan, action=FilingAction.RETURN, user=staff, expected_version=plan.version)
    assert not Notification.objects.exists()


def test_commendation_added_in_admin_notifies_once(staff_client, society_a, secretary_a):
    url = reverse("admin:societies_commendation_add")
    data = {"society": society_a.pk, "year": 2026, "kind": "featured_society", "awarded_on": "2026-12-01"}
    response = staff_client.post(url, data)
    assert response.status_code == 302
    commendation = Commendation.objects.get()
    change = reverse("admin:societies_commendation_change", args=[commendation.pk])
    staff_client.post(change, {**data, "citation": "改一下"})  # a change is not a new commendation
    notification = Notification.objects.get()
    assert notification.user == secretary_a and notification.kind == NotificationKind.COMMENDATION
    assert "2026" in notification.message


def test_reminder_notifies_once_per_stage(society_a, secretary_a):
    deadline = DeadlineFactory(due_on=datetime.date(2026, 3, 31))
    today = datetime.date(2026, 3, 24)  # the 7-day stage
    assert reminder_send(deadline=deadline, society=society_a, today=today) is not None
    assert reminder_send(deadline=deadline, society=society_a, today=today) is None  # same stage: nothing
    notification = Notification.objects.get()
    assert notification.kind == NotificationKind.DEADLINE_NEAR and "2026-03-31" in notification.message
    assert reminder_send(deadline=deadline, society=society_a, today=datetime.date(2026, 4, 1)) is not None
    assert Notification.objects.filter(kind=NotificationKind.DEADLINE_PASSED).count() == 1
    assert Notification.objects.count() == 2


def test_bell_shows_count_without_a_query_of_its_own(client_a, secretary_a, society_a, staff):
    url = reverse("societies:society_detail")
    client_a.get(url)
    with CaptureQueriesContext(connection) as before:
        client_a.get(url)
    plan = _submit(OutreachPlanFactory(society=society_a), secretary_a)
    filing_transition(filing=plan, action=FilingAction.APPROVE, user=staff, expected_version=plan.version)
    with CaptureQueriesContext(connection) as after:
        response = client_a.get(url)
    assert len(after) == len(before)
    assert "notification-bell" in response.content.decode()
    assert '<span class="badge rounded-pill text-bg-warning">1</span>' in response.content.decode()


def test_mark_one_read_goes_to_the_record(client_a, secretary_a, society_a, staff):
    plan = _submit(OutreachPlanFactory(society=society_a), secretary_a)
    filing_transition(filing=plan, action=FilingAction.APPROVE, user=staff, expected_version=plan.version)
    notification = Notification.objects.get()
    assert client_a.get(reverse("societies:notification_list")).status_code == 200
    assert client_a.get(reverse("societies:notification_read", args=[notification.pk])).status_code == 405
    response = client_a.post(reverse("societies:notification_read", args=[notification.pk]))
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_touches_only_own(client_a, secretary_a, secretary_b):
    mine = [Notification.objects.create(user=secretary_a, kind="approved", message=f"m{i}") for i in range(3)]
    other = Notification.objects.create(user=secretary_b, kind="approved", message="b")
    assert client_a.post(reverse("societies:notification_read", args=[other.pk])).status_code == 404
    client_a.post(reverse("societies:notification_read_all"))
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None
    page = client_a.get(reverse("societies:notification_list")).content.decode()
    assert "m0" in page and ">b<" not in page
