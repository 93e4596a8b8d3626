"""Content: the only code that opens, validates and describes the JSON page files.

Owns the schema (:mod:`.models`), reading files safely (:mod:`.reading`),
cleaning rich text once at load (:mod:`.sanitize`, :mod:`.richtext`), the
editor's checks (:mod:`.lint`, :mod:`.characters`, :mod:`.messages`), loading and
indexing a whole site (:mod:`.loading`), the translatable segments of a page
(:mod:`.segments`) and the ``flask content`` commands (:mod:`.cli`).

May import: :mod:`microsite.problems` and :mod:`microsite.config` only. It is the
bottom floor: translation, web and export import it, never the reverse
(``tests/test_architecture.py`` holds this).
"""
