"""A catalogue's plural count: CLDR's or GNU gettext's, both a translator's honest choice.

Poedit, msginit and most translation memories give French, Spanish and Portuguese two
forms; CLDR (and ``translate init``) give them three. Either must pass ``translate check``,
while a count neither gives (Welsh with two) is still refused at the header.
"""

from __future__ import annotations

import subprocess

import pytest

from microsite.config import PROJECT_ROOT
from microsite.translation import review
from microsite.translation.plurals import gettext_plural_count

TEMPLATE = PROJECT_ROOT / "translations" / "messages.pot"


def msginit(tmp_path, locale):
    """A new catalogue exactly as GNU msginit writes it from the site's template."""
    po = tmp_path / locale / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    subprocess.run(
        ["msginit", "--no-translator", f"--locale={locale}", f"--input={TEMPLATE}",
         f"--output-file={po}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return po


def plural_problems(po):
    return [problem for problem in review.check(po) if "nplurals" in problem]


@pytest.mark.parametrize("locale", ["fr", "es", "pt_BR", "pl"])
def test_a_catalogue_msginit_wrote_has_no_plural_problem(tmp_path, locale):
    po = msginit(tmp_path, locale)
    assert "nplurals=" in po.read_text()
    assert plural_problems(po) == []


def test_gettext_counts_are_read_from_the_installed_msginit():
    assert gettext_plural_count("fr") == 2
    assert gettext_plural_count("pl") == 3
    assert gettext_plural_count("cy") is None  # gettext's table has no Welsh: CLDR alone


def test_a_count_neither_cldr_nor_gettext_gives_names_both(tmp_path):
    po = msginit(tmp_path, "fr")
    po.write_text(po.read_text().replace("nplurals=2; plural=(n > 1);", "nplurals=4; plural=n%4;"))
    [problem] = plural_problems(po)
    assert problem.startswith(f"{po}:")
    assert "nplurals=4, but CLDR gives this language 3 plural forms and GNU gettext 2" in problem


def test_welsh_with_two_forms_is_still_refused(tmp_path):
    po = tmp_path / "cy" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    french = msginit(tmp_path / "fr-copy", "fr").read_text()
    po.write_text(french.replace("Language: fr", "Language: cy"))
    [problem] = plural_problems(po)
    assert "nplurals=2, but CLDR gives this language 6 plural forms:" in problem
