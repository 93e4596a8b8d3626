// Checks run inside the page by tests/browser/test_text_grows.py. Each returns plain
// data (lists of problems), so the Python side can assert and print all of them.
// Loaded as text and run with Selenium's execute_script: `return reflow()` etc.

const describe = (el) => `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""}`;
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const IGNORED = ".nhsuk-u-visually-hidden, .nhsuk-skip-link, script, style, title, noscript";

// A word may break across lines only at a hyphenation point the page marks (soft
// hyphen), a hyphen, a dash or a slash; an address also after "@" and before a
// dot (the site's <wbr>); anywhere else it is broken mid-word.
const BREAKABLE = "\u00ad-\u2010\u2011\u2013\u2014/@";
const BREAKS_BEFORE = ".";

function lineOf(range, node, start, end) {
  range.setStart(node, start);
  range.setEnd(node, end);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  return rects.length ? Math.round(rects[rects.length - 1].bottom) : null;
}

// Words broken mid-word, and words drawn outside the viewport (cut off).
function words() {
  const broken = [], offscreen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const width = document.documentElement.clientWidth;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !shown(el) || el.closest(IGNORED)) continue;
    for (const match of node.data.matchAll(/\S+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const word = match[0].replaceAll("\u00ad", "");
      if (rects.some((r) => r.right > width + 1 || r.left < -1)) offscreen.push(`${word} <${describe(el)}>`);
      if (new Set(rects.map((r) => Math.round(r.bottom))).size < 2) continue;
      let previous = null, gap = "";
      for (let i = 0; i < match[0].length; i++) {
        const line = lineOf(range, node, match.index + i, match.index + i + 1);
        if (line === null) { gap += match[0][i]; continue; }
        const allowed = [...previous?.char + gap].some((c) => BREAKABLE.includes(c)) ||
          BREAKS_BEFORE.includes(match[0][i]);
        if (previous && line !== previous.line && !allowed) {
          broken.push(`${word} <${describe(el)}>`);
          break;
        }
        previous = { line, char: match[0][i] };
        gap = "";
      }
    }
  }
  return { broken, offscreen };
}

// Boxes that cut their own text off (overflow hidden or clip, content larger).
function clipped() {
  const hides = (v) => v === "hidden" || v === "clip";
  return [...document.querySelectorAll("body *")]
    .filter((el) => !el.matches(IGNORED) && shown(el))
    .filter((el) => {
      const s = getComputedStyle(el);
      return (hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
             (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
    })
    .map(describe);
}

// Text boxes drawn over other text boxes.
function overlaps() {
  const boxes = [...document.querySelectorAll("main h1, main h2, main h3, main h4, main p, main li, main a, header a, footer a")]
    .filter((el) => el.getClientRects().length && !el.closest(IGNORED));
  const rects = boxes.map((el) => el.getBoundingClientRect());
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxes[i].contains(boxes[j]) || boxes[j].contains(boxes[i])) continue;
      const a = rects[i], b = rects[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) found.push(`${describe(boxes[i])} "${boxes[i].textContent.trim().slice(0, 30)}" / ${describe(boxes[j])}`);
    }
  }
  return found;
}

// A service name wrapped under the header's logo starts where the logo starts
// (left, or right in a right-to-left page).
function headerName() {
  const logo = document.querySelector(".nhsuk-header__logo");
  const name = document.querySelector(".nhsuk-header__service-name");
  if (!logo || !name) return [];
  const l = logo.getBoundingClientRect(), n = name.getBoundingClientRect();
  if (n.top < l.bottom) return []; // on the logo's line
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const offset = rtl ? l.right - n.right : n.left - l.left;
  return Math.abs(offset) > 1 ? [`service name ${Math.round(offset)} px from the logo's start edge`] : [];
}

function reflow() {
  const root = document.documentElement;
  return {
    header: headerName(),
    width: root.clientWidth,
    scrollWidth: root.scrollWidth,
    fontSize: parseFloat(getComputedStyle(document.body).fontSize),
    clipped: clipped(),
    overlaps: overlaps(),
    ...words(),
  };
}

// What stands between the header and the h1 (`notices`: helpers.NOTICE_SELECTOR),
// and whether the page's first words are on the first screen.
const NOT_OWN = "h1, .microsite-status, .microsite-dates, .microsite-print-only, .nhsuk-u-visually-hidden";

function firstScreen(notices) {
  const header = document.querySelector("header");
  const h1 = document.querySelector("h1");
  const between = [...document.querySelectorAll(notices)].filter((el) =>
    (header.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) &&
    !header.contains(el) &&
    (el.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING));
  const own = [...document.querySelectorAll("main p, main ul, main ol, main h2, main h3, main figure, main table")]
    .find((el) => (h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) &&
                  !el.closest(NOT_OWN) && shown(el) && el.textContent.trim());
  const h1Box = h1.getBoundingClientRect();
  return {
    screen: innerHeight,
    notices: between.map(describe),
    h1Bottom: Math.round(h1Box.bottom + scrollY),
    own: own ? `${describe(own)} "${own.textContent.trim().slice(0, 40)}"` : null,
    ownTop: own ? Math.round(own.getBoundingClientRect().top + scrollY) : null,
  };
}

// Each source's title and publisher: in English (lang) and isolated from the
// sentence around them (unicode-bidi: isolate, from dir or <bdi>).
function sources() {
  const problems = [];
  const isolated = (el) => ["isolate", "isolate-override", "plaintext"].includes(getComputedStyle(el).unicodeBidi);
  for (const item of document.querySelectorAll(".microsite-sources__item")) {
    const title = item.querySelector("a");
    const publisher = item.querySelector(".microsite-sources__facts bdi[lang]");
    for (const [what, el] of [["title", title], ["publisher", publisher]]) {
      if (!el) { problems.push(`${what} missing in "${item.textContent.trim().slice(0, 40)}"`); continue; }
      if (el.closest("[lang]").getAttribute("lang") !== "en") problems.push(`${what} not marked English: ${el.textContent}`);
      if (!isolated(el)) problems.push(`${what} not isolated: ${el.textContent}`);
    }
    const text = item.textContent;
    for (const jargon of ["Accessed", "Used for"]) if (text.includes(jargon)) problems.push(`"${jargon}" in ${text.trim().slice(0, 40)}`);
  }
  return { count: document.querySelectorAll(".microsite-sources__item").length, problems };
}
