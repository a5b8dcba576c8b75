// Quick exit: leave at once and replace this page's history entry, so "Back" does not return here.
// Without JavaScript the button is an ordinary link to the same neutral site.
(function () {
  "use strict";
  function leave(url) {
    document.title = "";
    document.body.hidden = true;
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link.href);
  });
  // Pressing Escape three times in a row also leaves.
  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1500);
    if (presses >= 3) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) leave(link.href);
    }
  });
})();
