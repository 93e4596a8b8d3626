"""Content: the only code that opens, validates and describes the JSON page files.

Owns the schema (:mod:`.models`, built from :mod:`.values`; the video block,
:mod:`.video`; which fields are text, :mod:`.fields`), reading files safely
(:mod:`.reading`), cleaning rich text once at load (:mod:`.sanitize`,
:mod:`.richtext`) within a nesting limit (:mod:`.nesting`), the editor's checks
(:mod:`.lint`, :mod:`.characters`, :mod:`.messages`, plain English in
:mod:`.readability`, image files that exist in :mod:`.images`) with exact
places (:mod:`.jsonpath`), loading a whole site
(:mod:`.loading`) into the pages requests see (:mod:`.site`), the translatable
segments of a page (:mod:`.segments`) and the ``flask content`` commands
(:mod:`.cli`).

May import: :mod:`microsite.problems` and :mod:`microsite.config` only. It is the
bottom floor: translation, web and export import it, never the reverse
(``tests/test_architecture.py`` holds this).
"""
