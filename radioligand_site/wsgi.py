import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radioligand_site.settings")
application = get_wsgi_application()

# What is loaded by now lives as long as the process: kept out of the collector's reach, so a
# full collection during a request does not walk it again.
gc.collect()
gc.freeze()
