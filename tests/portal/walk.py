"""Objects of the portal app for the URL walk (see tests/test_url_walk.py)."""

OWNED_OBJECTS = {
    # The admin's scorecard of a society: society B itself (a secretary is sent to the admin login).
    "scorecard": lambda society: (society, {"pk": society.pk}),
}

# The health endpoints answer without signing in; they show no records.
PUBLIC_PAGES = {"healthz", "readyz"}
