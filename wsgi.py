"""The WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi ...``.

Content and settings are validated while the app is built; if they are bad, the
process exits non-zero with every problem listed, so no server ever starts on them.
A production server started without ``MICROSITE_SITE_URL`` says so in its log
(the ``flask`` commands are tools, not servers; ``flask freeze`` warns itself).
"""

import os
import sys

from microsite import create_app
from microsite.config import ConfigError, site_url_warning
from microsite.problems import ContentError

try:
    app = create_app()
except (ContentError, ConfigError) as error:
    sys.exit(str(error))

if os.environ.get("FLASK_RUN_FROM_CLI") != "true" and (warning := site_url_warning(app.config)):
    app.logger.warning(warning)
