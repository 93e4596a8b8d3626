// PurgeCSS: keep only the rules of the NHS.UK stylesheet that this site's markup
// can use. Built by `make` into static/build/site.css from the full Sass output.
//
// What is scanned, as text, for class, tag and attribute names:
// - build/pages/: every page in every locale and the 404 page, rendered by the
//   app (scripts/render_pages.py): the markup the NHS.UK macros really produce
//   here, rather than every variant they could;
// - templates/: class names the rendered pages do not show yet;
// - microsite/**/*.py: classes and attribute values set in Python, and the tag
//   names rich text may contain (the sanitizer's allowlist), since an editor may
//   use any of them later;
// - static/js/: classes our own script adds at run time.
// tests/test_stylesheet.py checks the result against every rendered page, and
// the visual regression tests check the look.
module.exports = {
  content: [
    "build/pages/*.html",
    "templates/**/*.html",
    "microsite/**/*.py",
    "static/js/*.mjs",
  ],
  // Names (classes, tags, attributes) and whole attribute values, so that
  // selectors such as a[href^="https://"] (links printed with their address)
  // see the values they test.
  defaultExtractor: (text) => [
    ...(text.match(/[A-Za-z0-9_-]+/g) || []),
    ...(text.match(/[^\s"'<>=`]+/g) || []),
  ],
  keyframes: true,
  variables: true,
  fontFace: true,
};
