// Progressive enhancement only: every page and form of the portal works without this file.
(function () {
  'use strict';

  // After a refused submission, move focus to the error summary so that keyboard and
  // screen-reader users learn at once what went wrong (GOV.UK's error summary pattern).
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
  var filed = document.getElementById('objection-filed');
  if (filed && !summary) filed.focus();

  // A running character count under text areas whose rules count characters; the sentence
  // comes from the server in the page's language, with %n for the number.
  Array.prototype.forEach.call(document.querySelectorAll('textarea[data-count-template]'), function (area) {
    var out = document.getElementById(area.id + '-count');
    if (!out) return;
    var template = area.getAttribute('data-count-template');
    var timer;
    function update() { out.textContent = template.replace('%n', String(area.value.trim().length)); }
    area.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 400); });
    update();
  });

  // One submission per click: a second click while the first request runs would file twice.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-once]'), function (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('[type="submit"]');
      // After the event, so the browser still submits the form with the button enabled.
      if (button) setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // A page restored from the back-forward cache must not keep its buttons disabled.
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-once] [type="submit"]'), function (b) { b.disabled = false; });
  });
})();
