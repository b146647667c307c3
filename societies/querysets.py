"""Querysets that scope rows to what a user may see."""

from django.db import models

from .choices import SocietyLevel


class SocietyOwnedQuerySet(models.QuerySet):
    """Rows that belong to a society, scoped to what a user may see."""

    def for_user(self, user) -> "SocietyOwnedQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.is_association_staff:
            return self
        if user.is_city_reviewer:
            return self.filter(society__city=user.city, society__level=SocietyLevel.CITY)
        if user.is_secretary:
            return self.filter(society_id=user.society_id)
        return self.none()

    def editable_by(self, user) -> "SocietyOwnedQuerySet":
        """Only a society's own secretaries change its records in the portal pages."""
        if not user.is_authenticated or not user.is_active or not user.is_secretary:
            return self.none()
        return self.filter(society_id=user.society_id)
