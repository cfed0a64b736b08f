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
  // A table wider than the screen scrolls sideways inside its wrapper (on phones list tables
  // stack as cards instead, see web.css): such a wrapper becomes a named region that takes
  // keyboard focus, so it can be scrolled with the arrow keys; one that fits stays out of the
  // tab order.
  var wraps = document.querySelectorAll('.table-wrap');
  function nameOf(table) {
    if (!table) return '';
    var caption = table.querySelector('caption');
    if (caption) return caption.textContent.trim();
    var by = table.getAttribute('aria-labelledby');
    var label = by && document.getElementById(by);
    return label ? label.textContent.trim() : table.getAttribute('aria-label') || '';
  }
  function markScrolling() {
    Array.prototype.forEach.call(wraps, function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute('tabindex')) {
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-label', nameOf(wrap.querySelector('table')) || document.title);
      } else if (!scrolls && wrap.hasAttribute('tabindex')) {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-label');
      }
    });
  }
  if (wraps.length) {
    markScrolling();
    var resizing;
    window.addEventListener('resize', function () { clearTimeout(resizing); resizing = setTimeout(markScrolling, 150); });
  }

  // A page restored from the back-forward cache must not keep its buttons disabled.
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-once] [type="submit"]'), function (b) { b.disabled = false; });
  });
})();
