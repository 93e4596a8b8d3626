"""Translation: catalogues as the site reads them and as translators' tools write them.

Owns reading a ``.po`` file into what may be shown (:mod:`.catalogue`), the
rules a shown translation obeys (:mod:`.rules`), plural formulas
(:mod:`.plurals`), writing files as GNU gettext lays them out (:mod:`.pofiles`),
extract/update/init (:mod:`.tools`), the translator's check and stats
(:mod:`.review`) and the ``flask translate`` commands (:mod:`.cli`).

May import: :mod:`microsite.content` (the segments a page offers for
translation), :mod:`microsite.problems` and :mod:`microsite.config`. Never
:mod:`microsite.web`, :mod:`microsite.export` or the store.
"""
