"""The WSGI entry point: ``gunicorn wsgi:app``, ``flask --app wsgi ...``.

Content is validated while the app is built; if it is bad, the process exits
non-zero with every problem listed, so no server ever starts on bad content.
"""

import sys

from microsite import create_app
from microsite.content import ContentError

try:
    app = create_app()
except ContentError as error:
    sys.exit(str(error))
