// What a screen reader says on a page: @guidepup/virtual-screen-reader (a third-party
// model of screen-reader output) reading a rendered page in jsdom, from top to bottom.
//
// One process serves every page of a test run: tests/screen_reader.py writes one JSON
// request per line on stdin, {"html": "...", "notices": "<CSS selector>"}, and reads one
// JSON line back: {"phrases": [...], "noticesBeforeH1": n} or {"error": "..."}.
//
// jsdom lays nothing out and runs no script, but it applies style sheets: the site's
// stylesheet (argv[2]) is reduced once to the rules that decide what a screen reader
// can reach (display, visibility, generated content), so print-only text stays
// unspoken, without the cost of matching every rule on every element. jsdom applies
// no @media rules (print, widths), as a screen reader on a desktop would not.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { JSDOM, VirtualConsole } from "jsdom";
import { virtual } from "@guidepup/virtual-screen-reader";

const MAX_PHRASES = 5000; // a page longer than this is a runaway, not a page
const SPOKEN = ["display", "visibility", "content"];

function spokenRules(cssFile) {
  const sheet = new JSDOM(`<style>${readFileSync(cssFile, "utf8")}</style>`).window.document
    .styleSheets[0];
  const rules = [];
  for (const rule of sheet.cssRules) {
    const set = rule.style ? SPOKEN.filter((name) => rule.style.getPropertyValue(name)) : [];
    if (set.length) {
      const body = set.map((name) => `${name}:${rule.style.getPropertyValue(name)}`).join(";");
      rules.push(`${rule.selectorText}{${body}}`);
    }
  }
  return rules.join("\n");
}

const css = spokenRules(process.argv[2]);
const quiet = new VirtualConsole(); // CSS jsdom cannot parse is not the page's problem

async function read(request) {
  const dom = new JSDOM(request.html, { virtualConsole: quiet, pretendToBeVisual: true });
  const { document } = dom.window;
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  const h1 = document.querySelector("h1");
  const header = document.querySelector("header");
  const noticesBeforeH1 = [...document.querySelectorAll(request.notices)].filter(
    (el) =>
      h1 &&
      el.compareDocumentPosition(h1) & dom.window.Node.DOCUMENT_POSITION_FOLLOWING &&
      !(header && (header.contains(el) || el.compareDocumentPosition(header) & dom.window.Node.DOCUMENT_POSITION_FOLLOWING)),
  ).length;
  await virtual.start({ container: document.body, window: dom.window });
  try {
    for (let step = 0; step < MAX_PHRASES; step++) {
      if ((await virtual.lastSpokenPhrase()) === "end of document") break;
      await virtual.next();
    }
    // A soft hyphen (a hyphenation point) is silent.
    const phrases = (await virtual.spokenPhraseLog()).map((p) => p.replaceAll("\u00ad", ""));
    return { phrases, noticesBeforeH1 };
  } finally {
    await virtual.stop();
    dom.window.close();
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    answer = await read(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
