"""An image block must name a file the site serves: checked where content is checked.

A missing file used to pass ``content check`` and start-up, then show a broken image
live and a 404 in the export.
"""

from __future__ import annotations

import json

import pytest

from helpers import minimal_pages
from microsite import create_app
from microsite.content.loading import display_name, load_site
from microsite.problems import ContentError
from microsite.store import ContentStore

SERVED = "vendor/nhsuk-frontend/assets/images/nhsuk-icon-180.png"  # in static/, allowlisted


def with_image(src: str) -> dict:
    pages = minimal_pages()
    pages["child"]["blocks"] = [{"type": "image", "src": src, "alt": "A picture"}]
    return pages


def test_a_missing_file_is_named_by_file_and_field(make_content):
    folder = make_content(with_image("/static/images/missing.png"))
    with pytest.raises(ContentError) as refused:
        load_site(folder, served_files={SERVED})
    assert [str(problem) for problem in refused.value.problems] == [
        f"{display_name(folder / 'child.json')}: $.blocks[0].src: no file "
        "static/images/missing.png is served (only images of an allowed type in the static "
        "folder are): add the file or correct the path"
    ]


@pytest.mark.parametrize("src", [f"/static/{SERVED}", "/static/" + SERVED.replace("-", "%2D")])
def test_a_served_file_passes_however_its_path_is_spelled(make_content, src):
    assert load_site(make_content(with_image(src)), served_files={SERVED}).pages["child"]


def test_start_up_refuses_a_missing_image(make_content):
    folder = make_content(with_image("/static/nope.png"))
    with pytest.raises(ContentError, match=r"\$\.blocks\[0\]\.src: no file static/nope.png"):
        create_app({"TESTING": True, "CONTENT_DIR": str(folder), "LOCALES": ["en"]})


def test_content_check_refuses_a_missing_image_and_passes_a_served_one(make_content, app):
    runner = app.test_cli_runner()
    folder = make_content(with_image("/static/nope.png"))
    result = runner.invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 1 and "$.blocks[0].src: no file static/nope.png" in result.output
    (folder / "child.json").write_text(json.dumps(with_image(f"/static/{SERVED}")["child"]))
    result = runner.invoke(args=["content", "check", "--dir", str(folder)])
    assert result.exit_code == 0, result.output


def test_an_edit_to_a_missing_image_keeps_the_last_good_version(make_content, tmp_path):
    folder = make_content(with_image(f"/static/{SERVED}"))
    store = ContentStore(folder, tmp_path, ["en"], check_interval=0, served_files={SERVED})
    good = store.current()
    (folder / "child.json").write_text(json.dumps(with_image("/static/gone.png")["child"]))
    assert store.current() is good
