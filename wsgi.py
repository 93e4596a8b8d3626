"""The WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi ...``.

Content is validated while the app is built; if it is bad, the process exits
non-zero with every problem listed, so no server ever starts on bad content.
A production server started without ``MICROSITE_SITE_URL`` says so in its log
(the ``flask`` commands are tools, not servers; ``flask freeze`` warns itself).
"""

import os
import sys

from microsite import create_app
from microsite.config import site_url_warning
from microsite.problems import ContentError

try:
    app = create_app()
except ContentError as error:
    sys.exit(str(error))

if os.environ.get("FLASK_RUN_FROM_CLI") != "true" and (warning := site_url_warning(app.config)):
    app.logger.warning(warning)
