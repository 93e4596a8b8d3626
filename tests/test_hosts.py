"""The Host header never reaches a response: unknown Hosts get a 400 and every
redirect is a relative path that a shared cache may keep."""

from __future__ import annotations

import pytest

from microsite import create_app
from microsite.web.headers import REDIRECT_CACHE_CONTROL
from microsite.web.hosts import trusted_hosts


@pytest.mark.parametrize("host", ["evil.example", "", "evil.example:5000", "127.0.0.1.evil"])
def test_unconfigured_hosts_are_refused_with_the_error_page(client, host):
    response = client.get("/en/cancer-alliances/", headers={"Host": host})
    html = response.get_data(as_text=True)
    assert response.status_code == 400, f"Host {host!r} was answered"
    assert "<main" in html and "<h1>" in html, "the refusal is not the site's error page"
    assert "evil" not in html and "evil" not in str(response.headers)
    assert response.headers["Cache-Control"] == "no-store", "a refusal must never be cached"


def test_cached_pages_refuse_unconfigured_hosts_too(app):
    client = app.test_client()
    assert client.get("/en/").status_code == 200  # now a fast-path cache hit
    assert client.get("/en/", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.1:5000", "localhost:8080"])
def test_trailing_slash_redirect_is_relative_and_cacheable(client, host):
    response = client.get("/en/cancer-alliances", headers={"Host": host})
    assert response.status_code == 308
    assert response.headers["Location"] == "/en/cancer-alliances/", "the redirect names a host"
    assert response.headers["Cache-Control"] == REDIRECT_CACHE_CONTROL


def test_merged_slashes_never_redirect_off_site(client):
    response = client.get("/", environ_overrides={"PATH_INFO": "/en//cancer-alliances"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/en/cancer-alliances/"


def test_root_redirect_is_relative_and_varies_by_language(client):
    response = client.get("/", headers={"Host": "localhost:8080", "Accept-Language": "cy"})
    assert (response.status_code, response.headers["Location"]) == (302, "/cy/")
    assert response.headers["Vary"] == "Accept-Language"
    assert response.headers["Cache-Control"] == "no-cache"


def test_home_slug_redirect_is_cacheable(client):
    response = client.get("/en/home/")
    assert (response.status_code, response.headers["Location"]) == (301, "/en/")
    assert response.headers["Cache-Control"] == REDIRECT_CACHE_CONTROL


def test_trusted_hosts_setting():
    site = "https://www.example.nhs.uk"
    assert trusted_hosts("", site) == ["www.example.nhs.uk", "127.0.0.1", "localhost"]
    assert trusted_hosts("*", site) is None
    assert trusted_hosts("a.example, .b.example", site) == ["a.example", ".b.example"]


def test_trusted_hosts_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MICROSITE_SITE_URL", "https://www.example.nhs.uk")
    monkeypatch.setenv("MICROSITE_TRUSTED_HOSTS", "www.example.nhs.uk")
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/en/", headers={"Host": "www.example.nhs.uk"}).status_code == 200
    refused = client.get("/en/", headers={"Host": "localhost"})
    assert refused.status_code == 400 and "<main" in refused.get_data(as_text=True)


def test_any_host_may_be_allowed_but_never_an_empty_one(monkeypatch):
    monkeypatch.setenv("MICROSITE_TRUSTED_HOSTS", "*")
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/en/", headers={"Host": "anything.example"}).status_code == 200
    assert client.get("/en/", headers={"Host": ""}).status_code == 400


def test_host_decisions_are_remembered_but_bounded(app):
    client = app.test_client()
    for n in range(300):
        assert client.get("/en/", headers={"Host": f"evil{n}.example"}).status_code == 400
        assert client.get("/en/", headers={"Host": "localhost"}).status_code == 200
    assert len(app.wsgi_app.decisions) <= 256


def test_a_host_longer_than_any_name_is_refused_unparsed(client):
    response = client.get("/en/", headers={"Host": "a" * 300 + ".localhost"})
    assert response.status_code == 400
