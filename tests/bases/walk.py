"""Objects of the bases app for the URL walk (see tests/test_url_walk.py)."""

from django.core.files.base import ContentFile

from bases.models import BaseReportPhoto
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory
from tests.uploads import image_bytes, pdf_bytes
from tests.walk import MARKER, by_pk


def _photo(society):
    report = BaseAnnualReportFactory(base=EducationBaseFactory(society=society), highlights=MARKER)
    photo = BaseReportPhoto(report=report)
    photo.image.save("p.png", ContentFile(image_bytes()), save=False)
    photo.save()
    return by_pk(photo)


def _recommendation(society):
    recommendation = RecommendationFactory(base=EducationBaseFactory(society=society), reasons=MARKER)
    recommendation.material.save("m.pdf", ContentFile(pdf_bytes()))
    return by_pk(recommendation)


OWNED_OBJECTS = {
    "base": lambda society: by_pk(EducationBaseFactory(society=society, name=MARKER)),
    "basereport": lambda society: by_pk(
        BaseAnnualReportFactory(base=EducationBaseFactory(society=society), highlights=MARKER)
    ),
    "basephoto": _photo,
    "recommendation": _recommendation,
}
PUBLIC_PAGES = {"bases:public_bases"}
