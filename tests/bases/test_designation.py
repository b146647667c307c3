"""Designation validity: five years, the 180-day expiry flag, and the decision that designates a base."""

import datetime

import pytest

from bases.models import DesignationLevel, EducationBase, RecommendationDecision, designation_valid_until
from bases.services import recommendation_decide
from societies.framework.outbox import OutboxEmail
from societies.framework.workflow import FilingError, FilingStatus, StaleFilingError
from tests.bases.factories import EducationBaseFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2025, 1, 1), datetime.date(2029, 12, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2029, 2, 28)),
        (datetime.date(2026, 7, 15), datetime.date(2031, 7, 14)),
    ],
)
def test_designation_runs_five_years(start, end):
    assert designation_valid_until(start) == end


@pytest.mark.parametrize(
    ("days_left", "flagged"),
    [(-1, False), (0, True), (1, True), (180, True), (181, False)],
)
def test_expires_within_180_days(days_left, flagged):
    base = EducationBase(valid_until=TODAY + datetime.timedelta(days=days_left))
    assert base.expires_within(today=TODAY) is flagged
    assert base.days_left(today=TODAY) == days_left


def test_without_validity_never_flagged():
    base = EducationBase(valid_until=None)
    assert not base.expires_soon and not base.is_expired and base.days_left() is None


def test_expiring_queryset_matches_the_property(society_a):
    soon = EducationBaseFactory(society=society_a, valid_until=TODAY + datetime.timedelta(days=100))
    EducationBaseFactory(society=society_a, valid_until=TODAY + datetime.timedelta(days=400))
    EducationBaseFactory(society=society_a, valid_until=TODAY - datetime.timedelta(days=1))
    EducationBaseFactory(society=society_a)
    assert list(EducationBase.objects.expiring(today=TODAY)) == [soon]


def _approved(society, **kwargs):
    return RecommendationFactory(base=EducationBaseFactory(society=society), status=FilingStatus.APPROVED, **kwargs)


def _recommend(recommendation, staff, *, note):
    return recommendation_decide(
        recommendation=recommendation,
        decision=RecommendationDecision.RECOMMENDED,
        user=staff,
        expected_version=recommendation.version,
        batch="2026年第一批",
        valid_from=datetime.date(2026, 12, 1),
        note=note,
    )


def test_recommended_decision_designates_the_base(society_a, staff):
    recommendation = _approved(society_a, target_level=DesignationLevel.NATIONAL)
    decided = _recommend(recommendation, staff, note="材料齐全")
    assert decided.decision == RecommendationDecision.RECOMMENDED and decided.decided_by == staff
    assert decided.version == recommendation.version + 1
    base = EducationBase.objects.get(pk=recommendation.base_id)
    assert base.level == DesignationLevel.NATIONAL and base.batch == "2026年第一批"
    assert (base.valid_from, base.valid_until) == (datetime.date(2026, 12, 1), datetime.date(2031, 11, 30))
    assert base.history.first().history_user == staff


def test_not_recommended_leaves_the_base_alone(society_a, staff):
    recommendation = _approved(society_a)
    recommendation_decide(
        recommendation=recommendation,
        decision=RecommendationDecision.NOT_RECOMMENDED,
        user=staff,
        expected_version=recommendation.version,
    )
    base = EducationBase.objects.get(pk=recommendation.base_id)
    assert base.level == DesignationLevel.SOCIETY and base.valid_until is None


@pytest.mark.parametrize("status", [FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED])
def test_decision_needs_an_approved_recommendation(society_a, staff, status):
    recommendation = RecommendationFactory(base=EducationBaseFactory(society=society_a), status=status)
    with pytest.raises(FilingError):
        recommendation_decide(
            recommendation=recommendation,
            decision=RecommendationDecision.RECOMMENDED,
            user=staff,
            expected_version=recommendation.version,
            batch="2026",
        )


def test_decision_refused_twice_for_secretaries_without_batch_and_when_stale(
    society_a, staff, secretary_a, city_reviewer
):
    recommendation = _approved(society_a)
    for user in (secretary_a, city_reviewer):
        with pytest.raises(FilingError):
            recommendation_decide(
                recommendation=recommendation, decision="recommended", user=user, expected_version=1, batch="x"
            )
    with pytest.raises(FilingError):
        recommendation_decide(recommendation=recommendation, decision="recommended", user=staff, expected_version=1)
    with pytest.raises(StaleFilingError):
        recommendation_decide(
            recommendation=recommendation, decision="recommended", user=staff, expected_version=9, batch="x"
        )
    recommendation_decide(recommendation=recommendation, decision="not_recommended", user=staff, expected_version=1)
    with pytest.raises(FilingError):
        recommendation_decide(
            recommendation=recommendation, decision="recommended", user=staff, expected_version=2, batch="x"
        )


def test_the_society_is_told_the_decision(society_a, staff, secretary_a):
    recommendation = _approved(society_a, target_level=DesignationLevel.GUANGXI)
    _recommend(recommendation, staff, note="请按期提交年度报告")
    email = OutboxEmail.objects.get(kind="recommendation_decision")
    assert email.to == [secretary_a.email]
    assert "推荐" in email.subject and recommendation.base.name in email.subject
    assert "2026年第一批" in email.body and "2026-12-01" in email.body and "2031-11-30" in email.body
    assert "请按期提交年度报告" in email.body and "广西科普教育基地" in email.body


def test_not_recommended_is_told_too_and_a_refusal_tells_nobody(society_a, staff, secretary_a):
    recommendation = _approved(society_a)
    with pytest.raises(StaleFilingError):
        recommendation_decide(
            recommendation=recommendation, decision="not_recommended", user=staff, expected_version=99
        )
    assert not OutboxEmail.objects.exists()
    recommendation_decide(
        recommendation=recommendation,
        decision=RecommendationDecision.NOT_RECOMMENDED,
        user=staff,
        expected_version=recommendation.version,
        note="场馆开放天数不足",
    )
    email = OutboxEmail.objects.get(kind="recommendation_decision")
    assert "不予推荐" in email.subject or "不推荐" in email.subject
    assert "场馆开放天数不足" in email.body and "有效期" not in email.body
