"""``flask freeze``: the static export passes the live site's checks under a plain
file server, carries the CSP inside every page, has precompressed copies, and is
careful with the folder it writes into."""

from __future__ import annotations

import base64
import gzip
import hashlib
import shutil
import subprocess
import sys

import brotli
import pytest

from helpers import free_port, listening, minimal_pages, parse, wait_until
from microsite import create_app
from microsite.config import PROJECT_ROOT
from microsite.export.files import TEXT_SUFFIXES, ExportError, meta_policy, with_csp_meta
from microsite.export.freeze import Export, FreezeError, freeze
from microsite.web.headers import content_security_policy
from site_checks import (
    broken_links,
    client_fetch,
    crawl,
    hreflang_problems,
    http_fetch,
    locales_of,
)

POLICY = content_security_policy()


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    """The site frozen into a folder and served by Python's http.server on 127.0.0.1
    (which sends no security headers: only what is inside the files protects)."""
    app = create_app({"TESTING": True})
    folder = tmp_path_factory.mktemp("frozen")
    progress: list[str] = []
    urls = freeze(app, folder, progress=progress.append)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: listening(port), 5)
    yield app, folder, base, urls, progress
    server.terminate()
    server.wait(timeout=10)


def hubs(app) -> list[str]:
    return [f"/{locale}/" for locale in app.config["LOCALES"]]


def test_every_page_and_asset_is_written_with_progress(frozen):
    app, folder, _base, urls, progress = frozen
    from microsite.web.views import page_paths

    assert set(page_paths(app)) <= set(urls)
    assert {"/sitemap.xml", "/robots.txt", "/en/news/feed.xml", "/ar/news/feed.xml"} <= set(urls)
    assert any(url.endswith("/build/site.css") for url in urls)
    assert sorted(progress) == urls, "progress was not reported once per URL"
    assert not list(folder.rglob(".copied")), "a hidden file from static/ was exported"


def test_live_site_passes_the_site_checks(frozen):
    app = frozen[0]  # its pages are cached by now
    answers = crawl(client_fetch(app.test_client()), hubs(app), {"localhost", "127.0.0.1:5000"})
    assert not broken_links(answers)
    assert not hreflang_problems(answers, *locales_of(app))


def test_export_passes_the_same_checks_with_the_live_bytes(frozen):
    app, _folder, base, _urls, _progress = frozen
    own = {base.removeprefix("http://"), "127.0.0.1:5000"}
    answers = crawl(http_fetch(base), hubs(app), own)
    assert not broken_links(answers), "broken links in the static export"
    assert not hreflang_problems(answers, *locales_of(app))
    assert sum(a.mimetype == "text/html" for a in answers.values()) >= 4 * 10
    live = app.test_client()
    for path, answer in answers.items():
        expected = live.get(path).data
        if answer.mimetype == "text/html":
            expected = with_csp_meta(expected, POLICY)
        assert answer.body == expected, f"{path}: frozen bytes differ from the live site"


def inline_script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_every_exported_page_carries_the_csp_before_anything_it_loads(frozen):
    _app, folder, _base, _urls, _progress = frozen
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        tree = parse(path.read_bytes())
        head = list(tree.find("head"))
        meta = head[0]
        assert meta.get("http-equiv") == "Content-Security-Policy", f"{path}: CSP not first"
        assert head[1].tag == "meta" and head[1].get("charset"), f"{path}: charset second"
        assert path.read_bytes().find(b"<meta charset") < 1024 - 24, f"{path}: charset too late"
        policy = meta.get("content")
        assert policy == meta_policy(POLICY) and "frame-ancestors" not in policy, path
        assert "unsafe-inline" not in policy and "unsafe-hashes" not in policy, path
        for script in tree.iter("script"):
            if not script.get("src"):
                assert inline_script_hash(script.text or "") in policy, f"{path}: inline script"


def test_meta_policy_drops_only_what_a_meta_cannot_carry():
    assert meta_policy(
        "default-src 'self'; frame-ancestors 'none'; report-uri /r; img-src 'self'"
    ) == ("default-src 'self'; img-src 'self'")


def test_csp_meta_goes_first_in_the_head_and_changes_nothing_else():
    page = (
        b'<!DOCTYPE html>\n<html>\r\n<head data-x=">"><script>alert(1)</script>\n'
        b'  <meta charset="utf-8">\n<title>t</title>'
    )
    out = with_csp_meta(page, "default-src 'self'; frame-ancestors 'none'")
    meta = b'\n<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    assert out == page.replace(b'<head data-x=">">', b'<head data-x=">">' + meta)
    assert out.index(meta) < out.index(b"<script>"), "a script in the head came first"
    no_charset = with_csp_meta(b"<html><head><title>t</title></head><body><meta charset=x>", "a")
    assert no_charset.startswith(b'<html><head>\n<meta http-equiv="Content-Security-Policy"')
    with pytest.raises(ExportError, match="broken.html: no <head>"):
        with_csp_meta(b"just text", "a", "broken.html")


def test_a_charset_the_policy_would_push_too_late_is_named():
    page = b"<html><head>" + b" " * 700 + b'<meta charset="utf-8"><title>t</title>'
    with pytest.raises(ExportError, match="late.html: .*past the first 1,024 bytes"):
        with_csp_meta(page, "default-src 'self'; " + "img-src 'self'; " * 20, "late.html")


def test_text_files_have_precompressed_copies(frozen):
    _app, folder, _base, _urls, _progress = frozen
    texts = [p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    for path in texts:
        body = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        if gz.exists():
            assert gzip.decompress(gz.read_bytes()) == body, f"{gz} is stale"
        if br.exists():
            assert brotli.decompress(br.read_bytes()) == body, f"{br} is stale"
        if path.suffix in (".html", ".css"):
            assert gz.exists() and br.exists(), f"{path}: no precompressed copies"


def test_not_found_page_is_exported(frozen):
    _app, folder, _base, _urls, _progress = frozen
    html = (folder / "404.html").read_text()
    assert "Page not found" in html and '<html lang="en"' in html


# --- A small site, for the folder-handling cases --------------------------------


@pytest.fixture
def small_app(make_content):
    return create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(make_content(minimal_pages())),
            "LOCALES": ["cy", "en"],
        }
    )


def test_not_found_page_is_in_the_source_language(small_app, tmp_path):
    freeze(small_app, tmp_path / "out")
    assert '<html lang="cy"' in (tmp_path / "out" / "404.html").read_text()


def test_a_symlinked_file_is_refused_and_nothing_is_written(small_app, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "robots.txt").symlink_to(outside)
    with pytest.raises(FreezeError, match=r"out/robots\.txt: is a symbolic link"):
        freeze(small_app, out)
    assert outside.read_text() == "precious"
    assert [p.name for p in out.iterdir()] == ["robots.txt"], "files were written anyway"


def test_a_symlinked_folder_is_refused(small_app, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "cy").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FreezeError, match="out/cy: is a symbolic link"):
        freeze(small_app, out)
    assert not list(outside.iterdir()), "the export wrote outside its folder"


def test_clean_removes_stale_files_and_keeps_dot_files(small_app, tmp_path):
    out = tmp_path / "out"
    freeze(small_app, out)
    stale = out / "en" / "removed-page" / "index.html"
    stale.parent.mkdir()
    stale.write_text("old")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref")
    freeze(small_app, out)
    assert stale.exists(), "without --clean, nothing may be deleted"
    freeze(small_app, out, clean=True)
    assert not stale.parent.exists(), "--clean left a stale page"
    assert (out / ".git" / "HEAD").exists(), "--clean deleted a dot-file"
    assert (out / "en" / "child" / "index.html").exists()


def test_assets_are_exported_from_a_checkout_under_a_dot_directory(make_content, tmp_path):
    static = tmp_path / ".checkouts" / "static"
    shutil.copytree(PROJECT_ROOT / "static", static)
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": str(make_content(minimal_pages())),
         "STATIC_DIR": str(static)}
    )  # fmt: skip
    urls = Export(app, tmp_path / "out").urls()
    assert any(url.endswith("/build/site.css") for url in urls), "assets dropped under a dot-dir"
    assert not [url for url in urls if "/." in url or "/scss/" in url]


def test_cli_reports_what_it_wrote_and_refuses_links(small_app, tmp_path):
    runner = small_app.test_cli_runner()
    result = runner.invoke(args=["freeze", str(tmp_path / "out"), "--clean"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "MICROSITE_SITE_URL is not set" in result.output
    (tmp_path / "linked").symlink_to(tmp_path / "out" / "cy", target_is_directory=True)
    (tmp_path / "out2").mkdir()
    (tmp_path / "out2" / "cy").symlink_to(tmp_path / "linked", target_is_directory=True)
    result = runner.invoke(args=["freeze", str(tmp_path / "out2")])
    assert result.exit_code == 1 and "is a symbolic link" in result.output
    assert "Traceback" not in result.output


def test_a_page_with_the_slug_404_is_named(make_content, tmp_path):
    pages = minimal_pages()
    pages["404"] = {**pages.pop("child"), "slug": "404"}
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages))})
    with pytest.raises(FreezeError, match="a page with the slug 404"):
        freeze(app, tmp_path / "out")
    assert not (tmp_path / "out").exists(), "files were written before the error"


def test_an_image_from_static_is_in_the_export_where_the_page_points(make_content, tmp_path):
    """An image block names a file as ``/static/<name>``. Live, that redirects to the
    fingerprinted URL; the export has no such redirect (nginx answers 404 under
    /static/ outside /static/v/), so the page must name the fingerprinted URL itself,
    or every exported image is broken while content check and the live site pass."""
    name = "vendor/nhsuk-frontend/assets/images/nhsuk-icon-180.png"
    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "image", "src": f"/static/{name}", "alt": "The logo"}]
    app = create_app({"TESTING": True, "CONTENT_DIR": str(make_content(pages)), "LOCALES": ["en"]})
    freeze(app, tmp_path / "out")
    page = parse((tmp_path / "out" / "en" / "child" / "index.html").read_bytes())
    [image] = page.iter("img")
    exported = tmp_path / "out" / image.get("src").lstrip("/")
    assert exported.is_file(), f"the page shows {image.get('src')}, which the export lacks"
    assert exported.read_bytes() == (PROJECT_ROOT / "static" / name).read_bytes()
