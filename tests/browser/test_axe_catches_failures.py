"""The accessibility suite can fail: a deliberately broken page must produce violations."""

from __future__ import annotations

from axe_check import format_violations, run_axe

BROKEN_PAGE = """<!DOCTYPE html>
<html><head><title>Broken on purpose</title></head>
<body>
  <h1>Broken</h1>
  <h4>Skipped heading levels</h4>
  <img src="chart.png">
  <input type="text">
  <p style="color:#bbb;background:#fff">Text too pale to read</p>
  <a href="/somewhere"></a>
</body></html>
"""


def test_axe_reports_a_broken_page(browser, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(BROKEN_PAGE)
    browser.get(page.as_uri())
    results = run_axe(browser)
    rules = {violation["id"] for violation in results["violations"]}
    expected = {"image-alt", "label", "color-contrast", "html-has-lang", "link-name"}
    assert expected <= rules, f"axe missed {expected - rules}; it found {sorted(rules)}"
    report = format_violations(results["violations"])
    for rule in expected:
        assert f"{rule} (" in report
    assert "-> https://dequeuniversity.com/rules/axe/" in report
    assert "img" in report  # targets are named
