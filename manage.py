#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kepu_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Django's command runner swallows a settings error and then fails with "Apps aren't loaded
    # yet", hiding which variable is wrong; read the settings first so the real message shows.
    try:
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}\n(For development commands, set DEBUG=1; see README, Configuration.)")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
