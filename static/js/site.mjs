// The skip link moves focus into <main>, as NHS.UK's skip-link script does (the one
// behaviour of its 12 KB script these pages need). Every page works without it.
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
