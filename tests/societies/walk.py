"""Objects of the societies app for the URL walk (see tests/test_url_walk.py)."""

from societies.framework.notifications import Notification
from tests.factories import BrandFactory, SecretaryFactory, VolunteerFactory
from tests.walk import MARKER, by_pk

OWNED_OBJECTS = {
    "volunteer": lambda society: by_pk(VolunteerFactory(society=society, name=MARKER)),
    "brand": lambda society: by_pk(BrandFactory(society=society, name=MARKER)),
    # A notification of one of B's secretaries: nobody else may read or mark it.
    "notification": lambda society: by_pk(
        Notification.objects.create(user=SecretaryFactory(society=society), kind="approved", message=MARKER)
    ),
}
PUBLIC_PAGES = {"societies:public_honours"}
