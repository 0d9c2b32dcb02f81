// Opens and closes the main menu on small screens; without JavaScript the menu stays open.
(function () {
  document.documentElement.classList.add("js");
  var nav = document.querySelector(".main-nav");
  var button = document.querySelector(".nav-toggle");
  if (!nav || !button) return;
  button.addEventListener("click", function () {
    var open = nav.classList.toggle("is-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
