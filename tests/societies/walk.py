"""Objects of the societies app for the URL walk (see tests/test_url_walk.py)."""

from tests.factories import BrandFactory, VolunteerFactory
from tests.walk import MARKER, by_pk

OWNED_OBJECTS = {
    "volunteer": lambda society: by_pk(VolunteerFactory(society=society, name=MARKER)),
    "brand": lambda society: by_pk(BrandFactory(society=society, name=MARKER)),
}
PUBLIC_PAGES = {"societies:public_honours"}
