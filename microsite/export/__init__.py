"""Export: the whole site written as static files for any static host or CDN.

Owns walking every URL and writing it (:mod:`.freeze`, with Frozen-Flask),
the files' CSP meta and compressed copies (:mod:`.files`) and the
``flask freeze`` command (:mod:`.cli`).

May import: :mod:`microsite.web` (it drives the app and reuses its headers),
:mod:`microsite.content`, :mod:`microsite.problems` and :mod:`microsite.config`.
Nothing imports it but the CLI registration.
"""
