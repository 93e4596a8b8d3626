"""Web: everything between a request and the bytes sent back.

Owns the routes (:mod:`.views`; the feed, sitemap and robots.txt, :mod:`.feeds`;
error pages, :mod:`.errors`), locale choice (:mod:`.languages`), interface strings
(:mod:`.i18n`, :mod:`.marking`), hyphenation points in long words
(:mod:`.hyphenation`), the requests refused before anything else sees them
(:mod:`.gate`) and the bounds on every header parsed (:mod:`.limits`), the page
cache and its WSGI layer (:mod:`.cache`, :mod:`.response_cache`, :mod:`.stored`),
fingerprinted assets (:mod:`.assets`), security headers (:mod:`.headers`),
trusted hosts (:mod:`.hosts`) and compiled templates (:mod:`.bytecode`).

May import: :mod:`microsite.content`, :mod:`microsite.translation`, the store,
:mod:`microsite.problems` and :mod:`microsite.config`. Nothing below imports it,
except the export, which drives the app.
"""
