// The satisfaction box at the end of a content page (feedback/): the page is the same for
// every reader and loads no CAPTCHA. When a reader starts to rate (a first click or focus in
// the box), the ALTCHA widget is put in and its script (js/forms.js) loaded; it solves its
// proof of work while the reader chooses. Back from a sent rating (#da-danh-gia), the box
// says thank you instead.
(function () {
  "use strict";
  var form = document.querySelector("form[data-rating]");
  if (!form) return;
  var box = form.parentNode;

  if (location.hash === "#" + box.id) {
    var thanks = box.querySelector(".rating-thanks");
    form.hidden = true;
    thanks.hidden = false;
    thanks.tabIndex = -1;
    thanks.focus();
    if (history.replaceState) {  // a reload shows the box again, not a second thank-you
      history.replaceState(null, "", location.pathname + location.search);
    }
    return;
  }

  var started = false;
  function start() {
    if (started) return;
    started = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = form.dataset.style;
    document.head.appendChild(style);
    var widget = document.createElement("altcha-widget");
    widget.setAttribute("challenge", form.dataset.challenge);
    widget.setAttribute("name", "altcha");
    widget.setAttribute("auto", "onload");
    widget.setAttribute("language", "vi");
    widget.setAttribute("configuration", '{"hideFooter": true, "hideLogo": true}');
    form.querySelector("[data-captcha]").appendChild(widget);
    import(form.dataset.script);
  }
  form.addEventListener("focusin", start);
  form.addEventListener("pointerdown", start);
})();
