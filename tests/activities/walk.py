"""Objects of the activities app for the URL walk (see tests/test_url_walk.py)."""

from tests.factories import OutreachPlanFactory
from tests.walk import MARKER, by_pk

OWNED_OBJECTS = {
    "plan": lambda society: by_pk(OutreachPlanFactory(society=society, goals=MARKER)),
}
