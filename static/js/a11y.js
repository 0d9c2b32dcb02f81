// The visitor's display options: text size (three steps) and high contrast. Kept in this
// browser's localStorage only (pages are cached for everyone, so nothing is sent to the
// server); the page head applies them to <html> before the first paint, this file keeps the
// buttons' aria-pressed in step and saves a new choice.
(function () {
  var root = document.documentElement;
  var sizes = document.querySelectorAll("[data-text-size]");
  var contrast = document.querySelector("[data-contrast]");
  if (!contrast) return;

  function save(name, value) {
    try {
      if (value === "0") localStorage.removeItem(name);
      else localStorage.setItem(name, value);
    } catch (error) { /* storage refused (private mode): the choice lasts for this page */ }
  }

  function showSize(step) {
    // classes written only when they change: writing <html>'s class, even to the same value,
    // makes the browser restyle the whole page (a 100 ms task on a slow phone)
    ["1", "2"].forEach(function (each) {
      if (root.classList.contains("a11y-text-" + each) !== (each === step)) {
        root.classList.toggle("a11y-text-" + each, each === step);
      }
    });
    sizes.forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-text-size") === step ? "true" : "false");
    });
  }

  function showContrast(on) {
    if (root.classList.contains("a11y-contrast") !== on) root.classList.toggle("a11y-contrast", on);
    contrast.setAttribute("aria-pressed", on ? "true" : "false");
  }

  showSize(root.classList.contains("a11y-text-2") ? "2" : root.classList.contains("a11y-text-1") ? "1" : "0");
  showContrast(root.classList.contains("a11y-contrast"));
  sizes.forEach(function (button) {
    button.addEventListener("click", function () {
      var step = button.getAttribute("data-text-size");
      showSize(step);
      save("a11y-text", step);
    });
  });
  contrast.addEventListener("click", function () {
    var on = !root.classList.contains("a11y-contrast");
    showContrast(on);
    save("a11y-contrast", on ? "1" : "0");
  });
})();
