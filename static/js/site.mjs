// Progressive enhancement only: every page works without this file.
//
// Of the NHS.UK frontend's script (12 KB compressed) these pages need one
// behaviour: the skip link. Without script a browser follows "#maincontent" but
// leaves focus on <body>; this moves focus into <main> the way the NHS.UK
// skip-link component does (a temporary tabindex and its
// nhsuk-skip-link-focused-element class, both removed on blur). The header has
// no menu, so the NHS.UK header script has nothing to do here.
const link = document.querySelector(".nhsuk-skip-link");
const target = link && document.getElementById(link.hash.slice(1));

link?.addEventListener("click", () => {
  if (!target) return;
  const focusable = target.hasAttribute("tabindex");
  if (!focusable) target.setAttribute("tabindex", "-1");
  target.classList.add("nhsuk-skip-link-focused-element");
  target.addEventListener(
    "blur",
    () => {
      target.classList.remove("nhsuk-skip-link-focused-element");
      if (!focusable) target.removeAttribute("tabindex");
    },
    { once: true },
  );
  target.focus();
});
