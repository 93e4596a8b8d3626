// After PurgeCSS: drop the selectors whose :has() names a class this site never uses.
//
// PurgeCSS keeps `p:has(+ .nhsuk-form-group > .nhsuk-label)` because <p> is used; it
// does not look inside :has(). NHS.UK's typography has a dozen such rules for form
// parts this site has none of. Here a selector is dropped when a class inside one of
// its :has() arguments appears in none of the files PurgeCSS scanned (the same
// content list, purgecss.config.cjs), judged on a parsed selector, never a regex.
//
// Usage: node scripts/prune-has.mjs static/build/site.css
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import postcss from "postcss";
import selectorParser from "postcss-selector-parser";
import fg from "fast-glob";

const require = createRequire(import.meta.url);
const config = require("../purgecss.config.cjs");
const [file] = process.argv.slice(2);

const used = new Set();
for (const path of fg.sync(config.content)) {
  for (const token of config.defaultExtractor(readFileSync(path, "utf8"))) used.add(token);
}

const unusedInHas = (selector) => {
  let unused = false;
  selectorParser((root) => {
    root.walkPseudos((pseudo) => {
      if (pseudo.value !== ":has") return;
      pseudo.walkClasses((node) => {
        if (!used.has(node.value)) unused = true;
      });
    });
  }).processSync(selector);
  return unused;
};

const css = postcss.parse(readFileSync(file, "utf8"));
let dropped = 0;
css.walkRules((rule) => {
  const kept = rule.selectors.filter((selector) => !unusedInHas(selector));
  dropped += rule.selectors.length - kept.length;
  if (kept.length === 0) rule.remove();
  else if (kept.length !== rule.selectors.length) rule.selectors = kept;
});
writeFileSync(file, css.toResult().css);
console.log(`${file}: dropped ${dropped} selectors whose :has() names an unused class`);
