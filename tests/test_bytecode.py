"""Templates are compiled once per process and shared by every app; an edited
template is compiled afresh."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from microsite import create_app
from microsite.web.bytecode import MemoryBytecodeCache


def counting_compiles(monkeypatch) -> list[str]:
    compiled: list[str] = []
    original = Environment.compile

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile)
    return compiled


def test_a_second_app_compiles_no_template(monkeypatch):
    create_app({"TESTING": True}).test_client().get("/en/")  # fills the cache
    compiled = counting_compiles(monkeypatch)
    response = create_app({"TESTING": True}).test_client().get("/en/")
    assert response.status_code == 200
    assert compiled == []


def test_an_edited_template_is_compiled_again(monkeypatch):
    cache = MemoryBytecodeCache()
    templates = {"page.html": "first {{ x }}"}
    assert (
        Environment(loader=DictLoader(templates), bytecode_cache=cache)
        .get_template("page.html")
        .render(x=1)
        == "first 1"
    )
    compiled = counting_compiles(monkeypatch)
    templates["page.html"] = "second {{ x }}"
    fresh = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    assert fresh.get_template("page.html").render(x=2) == "second 2"
    assert compiled == ["page.html"]
