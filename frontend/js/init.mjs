// Progressive enhancement only: every page works without this.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
