"""Plausible bounds for what people type: years, dates, counts and amounts (issue 12, defect 7).

A value outside them is a typing mistake — a date in year 1 or 9999, a count in the billions —
and is refused with a Chinese message that names the limit. They are model validators, so every
form (portal and admin) applies them; dates that depend on another field of the record (the
fund's year, the activity's start) are checked in the model's ``clean`` with ``check_date``.
Free texts are bounded by ``max_length`` on the model field (``TEXT``, ``LONG_TEXT``, ``NOTE``),
which also sets the form's ``maxlength``.

Validators that read today's date (``PlausibleYear``, ``PlausibleDate``) compute it when they run:
a migration records only their arguments.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Free texts, in characters: a note, an ordinary text field, a narrative (summary, report).
NOTE = 2_000
TEXT = 5_000
LONG_TEXT = 20_000

# The earliest year a filing or a record of outreach work can have: the portal's records start here.
EARLIEST_YEAR = 2000
# Money: no society's outreach budget, source or expense comes near a hundred million yuan.
MAX_YUAN = Decimal("100000000.00")


@deconstructible
class AtMost(MaxValueValidator):
    """``value <= limit``; the message names the limit grouped by thousands (1,000,000)."""

    message = _("At most %(limit)s: please check the figure.")

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            raise ValidationError(self.message, code="max_value", params={"limit": f"{self.limit_value:,}"})


@deconstructible
class PlausibleYear:
    """A year from ``earliest`` to this year plus ``ahead`` (next year, by default)."""

    message = _("Give a year from %(earliest)s to %(latest)s.")

    def __init__(self, earliest: int = EARLIEST_YEAR, ahead: int = 1):
        self.earliest, self.ahead = earliest, ahead

    def __call__(self, value):
        latest = timezone.localdate().year + self.ahead
        if value is not None and not self.earliest <= value <= latest:
            raise ValidationError(
                self.message, code="implausible_year", params={"earliest": self.earliest, "latest": latest}
            )

    def __eq__(self, other):
        return isinstance(other, PlausibleYear) and (other.earliest, other.ahead) == (self.earliest, self.ahead)


def date_range_error(start: datetime.date, end: datetime.date) -> ValidationError:
    return ValidationError(
        _("Give a date from %(start)s to %(end)s."),
        code="implausible_date",
        params={"start": start.isoformat(), "end": end.isoformat()},
    )


def check_date(value: datetime.date | None, start: datetime.date, end: datetime.date) -> None:
    """Refuse ``value`` outside ``start``..``end`` (both included) with a message naming them."""
    if value is not None and not start <= value <= end:
        raise date_range_error(start, end)


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (earlier when negative); February 29th becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_window(year: int | None, *, before: int = 0, after: int = 0) -> tuple[datetime.date, datetime.date] | None:
    """January 1st of ``year - before`` to December 31st of ``year + after``; None without a year."""
    if year is None or not 1000 <= year <= 3000:  # an implausible year is its own field's error
        return None
    return year_start(year - before), year_end(year + after)


def plausible(record, name: str) -> bool:
    """``record.<name>`` is set and passes its field's own validators (which report it otherwise)."""
    value = getattr(record, name)
    if value is None:
        return False
    try:
        record._meta.get_field(name).run_validators(value)
    except ValidationError:
        return False
    return True


def date_errors(record, windows: dict[str, tuple[datetime.date, datetime.date] | None]) -> dict:
    """For a model's ``clean``: the errors of ``record``'s date fields outside their window.

    A date that fails its field's own bound (``PlausibleDate``) is left to that message, so a
    field never shows two.
    """
    errors = {}
    for name, window in windows.items():
        if window is not None and plausible(record, name):
            try:
                check_date(getattr(record, name), *window)
            except ValidationError as exc:
                errors[name] = exc
    return errors


@deconstructible
class PlausibleDate:
    """A date from January 1st of ``earliest`` to the end of the year ``ahead`` years from now (next
    year, by default) — or to today, with ``past_only``.

    The guard every date field has; a record's own window (around its year) comes on top, in ``clean``.
    """

    def __init__(self, earliest: int = EARLIEST_YEAR, *, ahead: int = 1, past_only: bool = False):
        self.earliest, self.ahead, self.past_only = earliest, ahead, past_only

    def __call__(self, value):
        today = timezone.localdate()
        check_date(value, year_start(self.earliest), today if self.past_only else year_end(today.year + self.ahead))

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and (other.earliest, other.ahead, other.past_only) == (
            self.earliest,
            self.ahead,
            self.past_only,
        )


def money_limit() -> AtMost:
    return AtMost(MAX_YUAN)


def input_attrs(model_field) -> dict[str, str]:
    """The HTML limits (``max``; ``min`` and ``max`` of a date) matching a model field's bounds, so
    that the browser's own input already holds to them."""
    attrs = {}
    for validator in model_field.validators:
        if isinstance(validator, AtMost):
            attrs["max"] = str(validator.limit_value)
        elif isinstance(validator, PlausibleDate):
            today = timezone.localdate()
            attrs["min"] = year_start(validator.earliest).isoformat()
            attrs["max"] = (today if validator.past_only else year_end(today.year + validator.ahead)).isoformat()
    return attrs
