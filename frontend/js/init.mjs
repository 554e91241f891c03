// Progressive enhancement only: every page works without this.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// What an action did is said at the top of the page it leads to. Focus goes there, so a
// screen reader reads it (a status already on the page as it loads is not announced) and
// the keyboard starts from it: unless focus has gone elsewhere already (a form's error
// summary takes it, or the person has moved on), as the autofocus attribute would.
const message = document.querySelector(".app-message");
if (message && document.activeElement === document.body) {
  message.setAttribute("tabindex", "-1");
  message.focus();
  if (location.hash) keepThroughTheJump(message);
} else if (location.hash && document.activeElement === document.body) {
  // With nothing to say, a page opened at a part of itself (a diary's "Change or split", or
  // "No, go back" to the form) starts there for the keyboard and the screen reader too.
  const part = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (part?.closest("main")) {
    part.setAttribute("tabindex", "-1");
    part.focus();
    keepThroughTheJump(part);
  }
}

// A message said beside the button pressed, down the page, comes with an address ending in
// that part's #fragment, so the page opens there even without this script. But the browser
// goes to the fragment once the page is parsed, after this script has run, and the heading
// there cannot take focus, so focus goes to nothing: the screen reader says nothing and Tab
// starts from the heading. Given back once, unless the person has acted first.
function keepThroughTheJump(element) {
  const done = new AbortController();
  const options = { capture: true, signal: done.signal };
  document.addEventListener("pointerdown", () => done.abort(), options);
  document.addEventListener("keydown", () => done.abort(), options);
  element.addEventListener(
    "focusout",
    (event) => {
      // Leaving the window blurs the element too, but leaves it the active one.
      if (event.relatedTarget || document.activeElement !== document.body) return;
      done.abort();
      // Not from within the browser's own change of focus.
      setTimeout(() => document.activeElement === document.body && element.focus());
    },
    options,
  );
}

// The header's "More" list closes on Escape but leaves focus on a link no longer shown, so
// the keyboard would start again from the top of the page: back to the button that opened it.
document.addEventListener("keydown", (event) => {
  const menu = event.target.closest?.(".nhsuk-header__menu");
  if (event.key === "Escape" && menu) {
    menu.querySelector(".nhsuk-header__menu-toggle")?.focus();
  }
});

// A table wider than its column scrolls sideways, and a touch screen shows no scroll bar: the
// words before it say so while it is wider, which depends on what is in it and the screen.
for (const hint of document.querySelectorAll(".app-scroll-hint")) {
  const table = hint.nextElementSibling;
  new ResizeObserver(() => {
    hint.hidden = table.scrollWidth <= table.clientWidth;
  }).observe(table);
}

// Today's timeline, wider than a phone's screen, opened at midnight with "now" and the
// hours just recorded out of sight to the right: it opens with now in view, near the right
// of the box (what is left of the day is empty), the hours before it beside it.
for (const wrapper of document.querySelectorAll(".app-timeline-wrapper")) {
  const now = wrapper.querySelector(".app-timeline__now");
  if (!now || wrapper.scrollWidth <= wrapper.clientWidth) continue;
  const box = wrapper.getBoundingClientRect();
  const at = now.getBoundingClientRect().left - box.left + wrapper.scrollLeft;
  wrapper.scrollLeft = Math.max(0, at - wrapper.clientWidth * 0.75);
}

// A new account's time zone starts as the browser's, when the list has it (an old name such
// as Asia/Calcutta is not in it, and London stays chosen). The page says which is chosen.
const zones = document.querySelector('select[data-browser-zone="choose"]');
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zones && [...zones.options].some((option) => option.value === browserZone)) {
  zones.value = browserZone;
}
