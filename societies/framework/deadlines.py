"""Kinds of deadline: which filing a deadline is about, who must file it, and who has.

A filing type names its deadline kind in its registration (``FilingType.deadline``); the
deadlines that staff set (``kepu_portal.models.Deadline``), the reminder sweep and the home page
read the kinds from here. The rules are expressions on ``Society`` rows, so that one query finds
every society that owes a filing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from .workflow import FILED_STATUSES


@dataclass(frozen=True)
class DeadlineRule:
    """``kind`` is what ``Deadline.kind`` stores. ``expected(year)`` is an expression, true for
    the societies that must file (None: every active society); ``filed(model, year)`` one true for
    those that have (by default: a filing of that year, submitted or beyond)."""

    kind: str
    label: str
    expected: Callable[[int], Exists] | None = None
    filed: Callable[[type, int], Exists] | None = None


def filed_filing(model, year: int) -> Exists:
    """True for a society with a filing of ``model`` for ``year``, submitted or beyond."""
    return Exists(model.objects.filter(society=OuterRef("pk"), year=year, status__in=FILED_STATUSES))


def _registered() -> dict[str, tuple[DeadlineRule, object]]:
    from .registry import filing_types

    return {t.deadline.kind: (t.deadline, t) for t in filing_types() if t.deadline is not None}


def deadline_kind_choices() -> list[tuple[str, str]]:
    """The kinds offered to staff for a deadline (``Deadline.kind``'s choices)."""
    return [(kind, rule.label) for kind, (rule, _type) in _registered().items()]


def is_known(kind: str) -> bool:
    """A kind some registered filing type has (a deadline left from a retired kind is not)."""
    return kind in _registered()


def filing_type_of(kind: str):
    """The registered filing type a deadline kind is about (``KeyError`` for an unknown kind)."""
    return _registered()[kind][1]


def expected_expr(kind: str, year: int) -> Exists | None:
    """True for societies that must file this kind for ``year``; None means every society."""
    rule = _registered()[kind][0]
    return rule.expected(year) if rule.expected else None


def filed_expr(kind: str, year: int) -> Exists:
    """True for societies that have filed this kind for ``year`` (submitted or beyond)."""
    rule, filing_type = _registered()[kind]
    return (rule.filed or filed_filing)(filing_type.model, year)
