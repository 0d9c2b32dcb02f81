// Opens and closes the main menu on small screens. The "js" class on <html> is set by a line
// in the page head, before the first paint; without JavaScript the menu stays open.
(function () {
  var nav = document.querySelector(".main-nav");
  var button = document.querySelector(".nav-toggle");
  if (!nav || !button) return;
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("is-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// "Liên kết website" drop-downs: the button opens the chosen site (no change of page on mere
// selection, as WCAG 3.2.2 asks). Only web addresses are followed.
document.querySelectorAll("[data-link-form]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = form.querySelector("select").value;
    if (/^https?:\/\//.test(url)) window.location.href = url;
  });
});
