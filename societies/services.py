"""Writes of the societies app that touch several rows."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

ASSOCIATION_GROUP = "科协工作人员"
CITY_REVIEWER_GROUP = "市科协审核员"

# Apps whose records the association manages in the admin.
PORTAL_APPS = ("societies", "activities", "funding", "bases", "kepu_portal")


@transaction.atomic
def role_groups_ensure() -> tuple[Group, Group]:
    """Create or refresh the permission groups for association staff and city reviewers.

    Association staff may do everything to the portal's records but delete users, and read and
    clear sign-in lockouts; city reviewers may view societies, their rosters and every filing
    (their city is enforced by the querysets).
    Safe to run again after new models land: it adds their permissions.
    """
    association, _ = Group.objects.get_or_create(name=ASSOCIATION_GROUP)
    reviewers, _ = Group.objects.get_or_create(name=CITY_REVIEWER_GROUP)
    portal = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS).exclude(
        codename__in=["delete_user", "delete_historicaluser"]
    )
    association.permissions.set(portal)
    reviewers.permissions.set(portal.filter(codename__startswith="view_").exclude(Q(codename__endswith="user")))
    # Sign-in records (django-axes): staff read them, and unlock a locked-out account by deleting
    # its access attempt.
    association.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt", "view_accesslog", "view_accessfailurelog"],
        )
    )
    return association, reviewers
