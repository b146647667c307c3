"""One year of records, counted by hand, that every page reporting figures is checked against
(the ``counting_year`` fixture of ``tests/conftest.py``): the counting rule must give the same
numbers on the statistics page, its workbook, the scorecard and the funding admin, and the
society's own summary its own (filed) numbers.

``society_a`` (region level, Nanning) and ``society_b`` (city level, Liuzhou); Y is this year
(the pages' default), P the year before. What counts in Y by the rule (approved; an activity by
its start date, money by its own date, a fund's count and budget by the fund's year):

activities  A1 (A, approved, Y-03-10)  school   120 = 100 offline + 20 online, 3 sessions, 5 volunteers 1 expert,
                                                president, China–ASEAN, 双碳, 科技活动周
            A2 (A, approved, Y-05-30)  village   50, 1 session, 3 volunteers 2 experts, secretary-general,
                                                international, 双碳 + 科学辟谣
            B1 (B, approved, Y-04-01)  school    30, 1 session, 2 volunteers, both leaders, Hong Kong/Macao/Taiwan,
                                                科学辟谣
            not counted: A3 submitted (400), B2 city-reviewed (awaiting review, 2 in all); A4 draft (999);
            A5 returned (777); A6 approved but starts P-12-30 (60, counts in P); B3 approved P-05-01 (7)
            → Y: 3 activities, 200 attendance, 5 sessions, 13 helpers (10 volunteers + 3 experts),
              3 exchange (1 each), 3 with a leader (2 presidents, 2 secretaries-general), 2 societies
            → P: 2 activities, 67 attendance
money       FA (A, fund of Y, approved, key project, budget 5,000): 3,000.00 received Y-03-01, 1,000.50
                received P-12-20; 800.25 spent Y-04-01, 199.75 spent (Y+1)-01-10
            F0 (A, fund of P, approved, capacity, budget 2,000): 2,000.00 received P-02-01; 500.00 spent Y-02-01
            FB (B, fund of Y, approved, other, budget 300): 300.00 received Y-06-01
            not counted: FD (A, draft: 5,555.00), FS (B, submitted: 4,444.00)
            → Y: 2 funds, budget 5,300.00; raised 3,300.00 (association 3,000, social 300); spent 1,300.25
              by category: key project 1 / 5,000 / 3,000 / 800.25; capacity 0 / 0 / 0 / 500; other 1 / 300 / 300 / 0
            → P: 1 fund, budget 2,000.00; raised 3,000.50; spent 0
bases       BA (A, Guangxi, in force since Y-3), BB (B, national, from Y-03-01), BX (A, Guangxi, ended P-06-30),
            BC (B, society level: never counted) → Y: Guangxi 1, national 1; P: Guangxi 2, national 0
            reports: BA Y approved (1,000 visitors, 10 activities, 5,000 online), BB Y submitted (9,999: not
            counted), BA P approved (800, 8, 100)
review      decided filings of Y, days from the last submission to the decision: A1 2.0, A2 1.5, A5 4.0 (returned),
            B1 10.0, FA 3.0, FB 6.0, BA's report 0.5 → activities median 3.0 (4), funds 4.5 (2), base reports
            0.5 (1); Nanning 2.0 (5), Liuzhou 8.0 (2); all 3.0 (7)
roster      A: 3 volunteers and 1 expert, 1,000 members → 0.4 %
summary     A's own summary of Y counts what A has filed: A1, A2 and A3 → 3 activities, 570 attendance
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity
from bases.models import DesignationLevel, designation_valid_until
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, campaign, theme
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory
from tests.factories import VolunteerFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, SpecialFundFactory

Y = timezone.localdate().year
P = Y - 1
APPROVED, SUBMITTED = FilingStatus.APPROVED, FilingStatus.SUBMITTED

EXPECTED = {
    Y: {
        "activities": 3,
        "attendance": 200,
        "offline_attendance": 180,
        "online_attendance": 20,
        "sessions": 5,
        "helpers": 13,
        "volunteer_count": 10,
        "expert_count": 3,
        "exchange": 3,
        "exchange_international": 1,
        "exchange_hmt": 1,
        "exchange_asean": 1,
        "leaders": 3,
        "president": 2,
        "secretary_general": 2,
        "societies": 2,
        "awaiting_review": 2,
        "funds": 2,
        "budget": Decimal("5300.00"),
        "raised": Decimal("3300.00"),
        "spent": Decimal("1300.25"),
        "visitors": 1000,
        "reports": 1,
        "activities_held": 10,
        "online_visits": 5000,
        "bases": {"guangxi": 1, "national": 1},
    },
    P: {
        "activities": 2,
        "attendance": 67,
        "funds": 1,
        "budget": Decimal("2000.00"),
        "raised": Decimal("3000.50"),
        "spent": Decimal("0.00"),
        "visitors": 800,
        "bases": {"guangxi": 2, "national": 0},
    },
}
BY_CATEGORY_Y = {
    "key_project": (1, Decimal("5000.00"), Decimal("3000.00"), Decimal("800.25")),
    "capacity": (0, Decimal("0.00"), Decimal("0.00"), Decimal("500.00")),
    "other": (1, Decimal("300.00"), Decimal("300.00"), Decimal("0.00")),
}
BY_SOURCE_Y = {"association": (1, Decimal("3000.00")), "social": (1, Decimal("300.00"))}
REVIEW = {
    "by_kind": {"科普活动": (4, 3.0), "科普专项": (2, 4.5), "科普教育基地年度报告": (1, 0.5)},
    "by_city": {"南宁市": (5, 2.0), "柳州市": (2, 8.0)},
    "overall": (7, 3.0),
}


def _at(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _decided(submitted: datetime.datetime, days: float) -> dict:
    return {"submitted_at": submitted, "reviewed_at": submitted + datetime.timedelta(days=days)}


def _activity(society, status, start, **fields) -> Activity:
    themes, campaigns = fields.pop("themes", ()), fields.pop("campaigns", ())
    fields.setdefault("end_date", start)
    activity = ActivityFactory(society=society, status=status, start_date=start, year=start.year, **fields)
    activity.themes.add(*(theme(name) for name in themes))
    activity.campaigns.add(*(campaign(name) for name in campaigns))
    return activity


def make_counting_year(society_a, society_b) -> dict:
    society_a.member_count = 1000
    society_a.save(update_fields=["member_count"])
    VolunteerFactory.create_batch(3, society=society_a)
    VolunteerFactory(society=society_a, is_expert=True)

    d = datetime.date
    _activity(
        society_a, APPROVED, d(Y, 3, 10), setting="school", offline_sessions=2, offline_attendance=100,
        online_sessions=1, online_attendance=20, volunteer_count=5, expert_count=1, president_took_part=True,
        exchange_kind="asean", partner="越南河内科技协会", themes=["双碳"], campaigns=["科技活动周"],
        **_decided(_at(Y, 3, 11, 10), 2),
    )  # fmt: skip
    _activity(
        society_a, APPROVED, d(Y, 5, 30), setting="village", offline_attendance=50, volunteer_count=3,
        expert_count=2, secretary_general_took_part=True, exchange_kind="international", themes=["双碳", "科学辟谣"],
        **_decided(_at(Y, 6, 1, 8), 1.5),
    )  # fmt: skip
    _activity(society_a, SUBMITTED, d(Y, 6, 1), offline_attendance=400, volunteer_count=9, submitted_at=_at(Y, 6, 2))
    _activity(society_a, FilingStatus.DRAFT, d(Y, 6, 2), offline_attendance=999)
    _activity(society_a, FilingStatus.RETURNED, d(Y, 6, 3), offline_attendance=777, **_decided(_at(Y, 7, 1), 4))
    _activity(society_a, APPROVED, d(P, 12, 30), end_date=d(Y, 1, 2), offline_attendance=60)
    _activity(
        society_b, APPROVED, d(Y, 4, 1), setting="school", offline_attendance=30, volunteer_count=2,
        president_took_part=True, secretary_general_took_part=True, exchange_kind="hmt", themes=["科学辟谣"],
        **_decided(_at(Y, 4, 2), 10),
    )  # fmt: skip
    _activity(society_b, FilingStatus.CITY_REVIEWED, d(Y, 7, 1), offline_attendance=55, submitted_at=_at(Y, 7, 2))
    _activity(society_b, APPROVED, d(P, 5, 1), offline_attendance=7)

    fund = SpecialFundFactory(
        society=society_a, year=Y, status=APPROVED, budget=Decimal("5000.00"), **_decided(_at(Y, 2, 1), 3)
    )
    FundingSourceFactory(fund=fund, kind="association", amount=Decimal("3000.00"), received_on=d(Y, 3, 1))
    FundingSourceFactory(fund=fund, kind="self_raised", amount=Decimal("1000.50"), received_on=d(P, 12, 20))
    ExpenditureFactory(fund=fund, amount=Decimal("800.25"), spent_on=d(Y, 4, 1))
    ExpenditureFactory(fund=fund, amount=Decimal("199.75"), spent_on=d(Y + 1, 1, 10))
    old = SpecialFundFactory(society=society_a, year=P, status=APPROVED, category="capacity", budget=Decimal("2000"))
    FundingSourceFactory(fund=old, kind="government", amount=Decimal("2000.00"), received_on=d(P, 2, 1))
    ExpenditureFactory(fund=old, amount=Decimal("500.00"), spent_on=d(Y, 2, 1))
    draft = SpecialFundFactory(society=society_a, year=Y, budget=Decimal("9999.00"))
    FundingSourceFactory(fund=draft, amount=Decimal("5555.00"), received_on=d(Y, 3, 1))
    pending = SpecialFundFactory(society=society_b, year=Y, status=SUBMITTED, submitted_at=_at(Y, 3, 1))
    FundingSourceFactory(fund=pending, amount=Decimal("4444.00"), received_on=d(Y, 3, 1))
    b_fund = SpecialFundFactory(
        society=society_b, year=Y, status=APPROVED, category="other", budget=Decimal("300.00"),
        **_decided(_at(Y, 5, 1), 6),
    )  # fmt: skip
    FundingSourceFactory(fund=b_fund, kind="social", amount=Decimal("300.00"), received_on=d(Y, 6, 1))

    since = d(Y - 3, 6, 1)
    base_a = EducationBaseFactory(
        society=society_a, level=DesignationLevel.GUANGXI, valid_from=since, valid_until=designation_valid_until(since)
    )
    base_b = EducationBaseFactory(
        society=society_b, level=DesignationLevel.NATIONAL, valid_from=d(Y, 3, 1),
        valid_until=designation_valid_until(d(Y, 3, 1)),
    )  # fmt: skip
    EducationBaseFactory(
        society=society_a, level=DesignationLevel.GUANGXI, valid_from=d(P - 5, 7, 1), valid_until=d(P, 6, 30)
    )
    EducationBaseFactory(society=society_b, level=DesignationLevel.SOCIETY)
    BaseAnnualReportFactory(
        base=base_a, year=Y, status=APPROVED, visitors=1000, activities_held=10, online_visits=5000,
        **_decided(_at(Y, 11, 1), 0.5),
    )  # fmt: skip
    BaseAnnualReportFactory(base=base_b, year=Y, status=SUBMITTED, visitors=9999, submitted_at=_at(Y, 11, 2))
    BaseAnnualReportFactory(base=base_a, year=P, status=APPROVED, visitors=800, activities_held=8, online_visits=100)
    return EXPECTED
