"""Translation: catalogues as the site reads them and as translators' tools write them.

Owns reading a ``.po`` file strictly (:mod:`.poread`; its string literals and
their escapes, :mod:`.postrings`; the commands read files through the site's one
reader, :mod:`.files`) into every part of it (:mod:`.pofiles`, which
also writes files as GNU gettext lays them out), what the site may show from it
(:mod:`.catalogue`), what each translation was made from and its review status
(:mod:`.provenance`), the rules a shown translation obeys (:mod:`.rules`;
placeholders and percent signs, :mod:`.placeholders`), plural
formulas (:mod:`.plurals`), language tags (:mod:`.locales`), the glossary
(:mod:`.glossary`), the template (:mod:`.template`), update/init (:mod:`.tools`),
the translator's check and stats (:mod:`.review`) and the ``flask translate``
commands (:mod:`.cli`).

May import: :mod:`microsite.content` (the segments a page offers for
translation), :mod:`microsite.problems` and :mod:`microsite.config`. Never
:mod:`microsite.web`, :mod:`microsite.export` or the store.
"""
