/* The "In trang" button of a page (core/includes/print_tools.html): hidden until this script
   runs, it opens the browser's print dialog; static/css/print.css shapes the printout. */
(function () {
  "use strict";
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
