// The header's menu on a phone (templates/includes/nav.html): a <details>, so it opens and
// closes without this script. With it, Escape closes the menu and puts focus back on its
// button, and a tap outside the open menu closes it, as people expect of a menu.
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu) return;
  var button = menu.querySelector("summary");

  // A browser that cannot show a closed <details>'s content on a wide screen (no
  // ::details-content, see site.css) would hide the links behind a button there: open it.
  var wide = window.matchMedia("screen and (min-width: 48rem)");
  var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (!styled && wide.matches) menu.open = true;

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.open || wide.matches) return;
    menu.open = false;
    if (menu.contains(document.activeElement) || document.activeElement === document.body) {
      button.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (menu.open && !wide.matches && !menu.contains(event.target)) menu.open = false;
  });
})();
