// Progressive enhancement only: every page works without this file.
// Starts the NHS.UK components (skip link focus handling, header menu).
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
