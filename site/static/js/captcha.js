// The captcha's "New picture" button: a fresh picture, key and sound without reloading the page.
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha]").forEach(function (captcha) {
    var button = captcha.querySelector(".captcha-new");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch("/captcha/refresh/", { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (fresh) {
          var key = captcha.parentNode.querySelector("input[type=hidden][name$='_0']");
          captcha.querySelector("img").src = fresh.image_url;
          if (key) key.value = fresh.key;
          var audio = captcha.querySelector("audio");
          if (audio && captcha.dataset.speech) audio.src = captcha.dataset.speech.replace("KEY", fresh.key);
          // The answer box is the key's sibling field: captcha_0 is the key, captcha_1 the answer.
          var box = key && captcha.parentNode.querySelector("input[name='" + key.name.replace(/_0$/, "_1") + "']");
          if (box) { box.value = ""; box.focus(); }
        });
    });
  });
})();
