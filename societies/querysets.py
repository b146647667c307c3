"""Querysets that scope rows to what a user may see."""

from django.db import models

from .choices import SocietyLevel


def _scoped(queryset, user, society: str):
    """``queryset`` narrowed to the societies ``user`` may see; ``society`` is the path from the
    queryset's model to the society's fields: "society__" for owned rows, "" for societies."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser or user.is_association_staff:
        return queryset
    if user.is_city_reviewer:
        return queryset.filter(**{f"{society}city": user.city, f"{society}level": SocietyLevel.CITY})
    if user.is_secretary:
        return queryset.filter(**{f"{society}id" if society else "pk": user.society_id})
    return queryset.none()


class SocietyQuerySet(models.QuerySet):
    def for_user(self, user) -> "SocietyQuerySet":
        """The societies a user may see: all for staff, a city's city-level ones for its reviewer,
        their own for a secretary."""
        return _scoped(self, user, "")


class SocietyOwnedQuerySet(models.QuerySet):
    """Rows that belong to a society, scoped to what a user may see."""

    def for_user(self, user) -> "SocietyOwnedQuerySet":
        return _scoped(self, user, "society__")

    def editable_by(self, user) -> "SocietyOwnedQuerySet":
        """Only a society's own secretaries change its records in the portal pages."""
        if not user.is_authenticated or not user.is_active or not user.is_secretary:
            return self.none()
        return self.filter(society_id=user.society_id)
