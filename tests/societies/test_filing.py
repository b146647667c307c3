"""The shared filing workflow: every allowed transition, every forbidden one, stale versions, history."""

import itertools

import pytest
from django.core import mail

from societies.choices import Role, SocietyLevel
from societies.framework.filing import filing_save, filing_transition
from societies.framework.workflow import TRANSITIONS, FilingAction, FilingError, FilingStatus, StaleFilingError
from tests.factories import OutreachPlanFactory, SecretaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(secretary_a, secretary_b, city_reviewer, staff):
    """The user holding each workflow role for society A (region) and society B (city, Liuzhou)."""
    return {
        (SocietyLevel.REGION, Role.SECRETARY): secretary_a,
        (SocietyLevel.CITY, Role.SECRETARY): secretary_b,
        (SocietyLevel.CITY, Role.CITY_REVIEWER): city_reviewer,
        (SocietyLevel.REGION, Role.CITY_REVIEWER): city_reviewer,  # holds no role for a region society
        (SocietyLevel.REGION, Role.ASSOCIATION): staff,
        (SocietyLevel.CITY, Role.ASSOCIATION): staff,
    }


def _plan(society_a, society_b, level, status):
    society = society_a if level == SocietyLevel.REGION else society_b
    return OutreachPlanFactory(society=society, status=status)


ALLOWED = {(t.action, t.source, t.role, level) for t in TRANSITIONS for level in t.levels}


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.action}:{t.source}->{t.target}:{t.role}")
def test_transition_allowed_moves_and_records(
    transition, actors, society_a, society_b, django_capture_on_commit_callbacks
):
    for level in transition.levels:
        plan = _plan(society_a, society_b, level, transition.source)
        user = actors[(level, transition.role)]
        with django_capture_on_commit_callbacks(execute=True):
            result = filing_transition(
                filing=plan, action=transition.action, user=user, expected_version=plan.version, comment="请补充照片"
            )
        plan.refresh_from_db()
        assert plan.status == transition.target == result.status
        assert plan.version == 2
        last = plan.history.order_by("-history_id").first()
        assert last.history_user == user
        assert last.status == transition.target
        assert last.history_change_reason == str(FilingAction(transition.action).label)
        if transition.action == FilingAction.SUBMIT:
            assert plan.submitted_at is not None
        elif transition.action == FilingAction.WITHDRAW:
            assert plan.submitted_at is None and plan.reviewed_by is None
        else:
            assert plan.reviewed_by == user and plan.reviewed_at is not None
            assert plan.review_comment == "请补充照片"
        plan.delete()


FORBIDDEN = [
    (action, status, actor, level)
    for action, status, actor, level in itertools.product(
        FilingAction.values, FilingStatus.values, Role.values, SocietyLevel.values
    )
    if (action, status, actor, level) not in ALLOWED
]


@pytest.mark.parametrize(("action", "status", "actor", "level"), FORBIDDEN)
def test_transition_forbidden_refused(action, status, actor, level, actors, society_a, society_b):
    plan = _plan(society_a, society_b, level, status)
    with pytest.raises(FilingError):
        filing_transition(filing=plan, action=action, user=actors[(level, actor)], expected_version=1, comment="x")
    plan.refresh_from_db()
    assert plan.status == status and plan.version == 1


def test_transition_by_other_society_secretary_refused(society_a, secretary_b):
    plan = OutreachPlanFactory(society=society_a)
    with pytest.raises(FilingError):
        filing_transition(filing=plan, action=FilingAction.SUBMIT, user=secretary_b, expected_version=1)
    plan.refresh_from_db()
    assert plan.status == FilingStatus.DRAFT


def test_transition_stale_version_refused(society_a, secretary_a):
    plan = OutreachPlanFactory(society=society_a)
    with pytest.raises(StaleFilingError):
        filing_transition(filing=plan, action=FilingAction.SUBMIT, user=secretary_a, expected_version=0)
    plan.refresh_from_db()
    assert plan.status == FilingStatus.DRAFT and plan.version == 1


def test_return_without_comment_refused(society_a, staff):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    with pytest.raises(FilingError, match="意见|comment"):
        filing_transition(filing=plan, action=FilingAction.RETURN, user=staff, expected_version=1, comment="  ")
    plan.refresh_from_db()
    assert plan.status == FilingStatus.SUBMITTED


def test_transition_emails_secretaries_after_commit(society_a, secretary_a, staff, django_capture_on_commit_callbacks):
    SecretaryFactory(society=society_a, email="")  # a secretary without an address is skipped
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        filing_transition(filing=plan, action=FilingAction.RETURN, user=staff, expected_version=1, comment="缺少照片")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [secretary_a.email]
    assert "退回修改" in message.subject
    assert "缺少照片" in message.body
    assert f"/plans/{plan.pk}/" in message.body


def test_filing_save_secretary_edits_draft_and_bumps_version(society_a, secretary_a):
    plan = OutreachPlanFactory(society=society_a)
    plan.goals = "新的目标"
    filing_save(filing=plan, user=secretary_a, expected_version=1)
    plan.refresh_from_db()
    assert plan.goals == "新的目标" and plan.version == 2
    assert plan.history.order_by("-history_id").first().history_user == secretary_a


def test_filing_save_stale_version_refused(society_a, secretary_a):
    plan = OutreachPlanFactory(society=society_a, version=3)
    plan.goals = "覆盖别人的修改"
    with pytest.raises(StaleFilingError):
        filing_save(filing=plan, user=secretary_a, expected_version=2)
    plan.refresh_from_db()
    assert plan.goals != "覆盖别人的修改" and plan.version == 3


@pytest.mark.parametrize("status", [FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED, FilingStatus.APPROVED])
def test_filing_save_secretary_refused_while_under_review(status, society_a, secretary_a):
    plan = OutreachPlanFactory(society=society_a, status=status)
    plan.goals = "偷偷修改"
    with pytest.raises(FilingError):
        filing_save(filing=plan, user=secretary_a, expected_version=1)
    plan.refresh_from_db()
    assert plan.goals != "偷偷修改"


def test_filing_save_never_takes_workflow_fields_from_instance(society_a, society_b, secretary_a, staff):
    plan = OutreachPlanFactory(society=society_a)
    plan.status, plan.society, plan.reviewed_by = FilingStatus.APPROVED, society_b, staff
    filing_save(filing=plan, user=secretary_a, expected_version=1)
    plan.refresh_from_db()
    assert plan.status == FilingStatus.DRAFT and plan.society == society_a and plan.reviewed_by is None


def test_filing_save_staff_refused_on_approved(society_a, staff):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.APPROVED)
    plan.goals = "改"
    with pytest.raises(FilingError):
        filing_save(filing=plan, user=staff, expected_version=1)
