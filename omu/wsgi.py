"""WSGI entry point (gunicorn omu.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omu.settings.prod")

application = get_wsgi_application()
