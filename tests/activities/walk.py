"""Objects of the activities app for the URL walk (see tests/test_url_walk.py)."""

from tests.activities.factories import (
    ActivityAttachmentFactory,
    ActivityFactory,
    ActivityPhotoFactory,
    AnnualSummaryFactory,
)
from tests.factories import OutreachPlanFactory
from tests.walk import MARKER, by_pk

OWNED_OBJECTS = {
    "plan": lambda society: by_pk(OutreachPlanFactory(society=society, goals=MARKER)),
    "activity": lambda society: by_pk(ActivityFactory(society=society, title=MARKER)),
    "photo": lambda society: by_pk(
        ActivityPhotoFactory(activity=ActivityFactory(society=society, title=MARKER), caption=MARKER)
    ),
    "attachment": lambda society: by_pk(
        ActivityAttachmentFactory(activity=ActivityFactory(society=society, title=MARKER), original_name=MARKER)
    ),
    "summary": lambda society: by_pk(AnnualSummaryFactory(society=society, narrative=MARKER)),
    # The public pages show approved activities to anyone; an activity still in the workflow (the
    # factory's draft) must answer 404 there too.
    "public_activity": lambda society: by_pk(ActivityFactory(society=society, title=MARKER)),
    "public_photo": lambda society: by_pk(
        ActivityPhotoFactory(activity=ActivityFactory(society=society, title=MARKER), caption=MARKER)
    ),
}
PUBLIC_PAGES = {"activities:public_calendar"}
