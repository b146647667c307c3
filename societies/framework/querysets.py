"""Querysets that scope rows to what a user may see (the rule itself is ``societies.framework.access``)."""

from django.db import models

from .access import scoped


class SocietyQuerySet(models.QuerySet):
    society_path = ""

    def for_user(self, user) -> "SocietyQuerySet":
        """The societies a user may see: all for staff, a city's city-level ones for its reviewer,
        their own for a secretary."""
        return scoped(self, user, self.society_path)


class SocietyOwnedQuerySet(models.QuerySet):
    """Rows that belong to a society, scoped to what a user may see.

    ``society_path`` is the lookup from the row to its society; a queryset of rows owned through
    a parent (a fund's lines) names the longer path.
    """

    society_path = "society"

    def for_user(self, user) -> "SocietyOwnedQuerySet":
        return scoped(self, user, self.society_path)

    def editable_by(self, user) -> "SocietyOwnedQuerySet":
        """Only a society's own secretaries change its records in the portal pages."""
        if not user.is_authenticated or not user.is_active or not user.is_secretary:
            return self.none()
        return self.filter(**{f"{self.society_path}_id": user.society_id})
