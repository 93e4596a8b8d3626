"""Where long words and addresses may break: soft hyphens in long Polish words, and
``<wbr>`` inside long addresses in every language (text only, never markup)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from microsite.web.hyphenation import SOFT_HYPHEN, break_addresses, hyphenate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email england.contactus@nhs.net", "email england<wbr>.contactus@<wbr>nhs<wbr>.net"),
        (
            "https://www.england.nhs.uk/cancer/",
            "https://<wbr>www<wbr>.england<wbr>.nhs<wbr>.uk/<wbr>cancer/",
        ),
        ("www.longtermplan.nhs.uk", "www<wbr>.longtermplan<wbr>.nhs<wbr>.uk"),
    ],
)
def test_long_addresses_break_after_at_and_slash_and_before_dots(text, expected):
    assert break_addresses(text) == expected


@pytest.mark.parametrize("text", ["a@b.co", "e.g. this. And that.", "It ends here. Next."])
def test_short_addresses_and_sentences_are_left_alone(text):
    assert break_addresses(text) == text


def test_addresses_in_attributes_are_never_touched():
    html = '<a href="mailto:england.contactus@nhs.net">england.contactus@nhs.net</a>'
    assert hyphenate(html, "en") == (
        '<a href="mailto:england.contactus@nhs.net">england<wbr>.contactus@<wbr>nhs<wbr>.net</a>'
    )


def test_long_polish_words_get_soft_hyphens_only_in_polish_text():
    html = '<p>niedrobnokomórkowym</p><p lang="en">niedrobnokomórkowym</p>'
    polish, english = hyphenate(html, "pl").split("</p>")[:2]
    assert SOFT_HYPHEN in polish and SOFT_HYPHEN not in english
    assert SOFT_HYPHEN not in hyphenate(html, "cy")


def test_an_address_in_polish_text_gets_line_breaks_but_never_soft_hyphens():
    """A soft hyphen inside a web address would be copied with it and break the link."""
    html = "<p>Strona: https://www.england.nhs.uk/accessibility-statement/ niedrobnokomórkowym</p>"
    out = hyphenate(html, "pl")
    address = out.split("Strona: ")[1].split(" ")[0]
    assert SOFT_HYPHEN not in address and "<wbr>" in address
    assert SOFT_HYPHEN in out.split(" ")[-1]  # the long word after it still is


@pytest.mark.parametrize("text", ["a" * 100_000, "a." * 50_000, "a-" * 50_000])
def test_a_long_run_that_is_no_address_is_scanned_once(text):
    """Rich text may hold 20,000 letters without a space, and every render looks for
    addresses in it. The address pattern retried its local part from every letter,
    so the time grew with the square of the run: one such paragraph took 1.4 s to
    render and a page of twelve took 20 s, on each cache miss, in each language.
    Run in a child process so that a slow pattern is stopped, not waited for: at
    100,000 letters the old pattern needs minutes, the linear one milliseconds."""
    code = f"from microsite.web.hyphenation import hyphenate; hyphenate('<p>{text}</p>', 'en')"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
