"""Shared by the per-app ``tests/<app>/walk.py`` modules that feed ``tests/test_url_walk.py``."""

MARKER = "外会机密记录"


def by_pk(obj):
    """The usual case: a URL that takes the object's ``pk``."""
    return obj, {"pk": obj.pk}
