import os

from django.core.wsgi import get_wsgi_application

from shequ.core.startup import setup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
# In production a bad setting, or a database or Redis that does not answer, stops gunicorn with one line naming it
# (issue #18); deploy/gunicorn.conf.py preloads this module in the master, so that the check runs once, before any
# worker is forked, and the master exits with 78.
setup(services=True)
application = get_wsgi_application()
