"""Objects of the funding app for the URL walk (see tests/test_url_walk.py)."""

from django.core.files.base import ContentFile

from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, FundReportFactory, SpecialFundFactory
from tests.uploads import pdf_bytes
from tests.walk import MARKER, by_pk


def _expenditure(society):
    line = ExpenditureFactory(fund=SpecialFundFactory(society=society), purpose=MARKER, receipt_name=MARKER)
    line.receipt.save("r.pdf", ContentFile(pdf_bytes()))
    return by_pk(line)


def _report(society):
    report = FundReportFactory(society=society, summary=MARKER, attachment_name=MARKER)
    report.attachment.save("a.pdf", ContentFile(pdf_bytes()))
    return by_pk(report)


OWNED_OBJECTS = {
    "fund": lambda society: by_pk(SpecialFundFactory(society=society, project_name=MARKER)),
    "fund_source": lambda society: by_pk(SpecialFundFactory(society=society, description=MARKER)),
    "fund_expenditure": lambda society: by_pk(SpecialFundFactory(society=society, description=MARKER)),
    "source": lambda society: by_pk(FundingSourceFactory(fund=SpecialFundFactory(society=society), donor=MARKER)),
    "expenditure": _expenditure,
    "fundreport": _report,
}
