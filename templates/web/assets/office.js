// Progressive enhancement for the office forms: rows of the rubric and tranche plan added and
// removed in place, and running totals of weights and shares. Without this file the same form
// works by posting ("add a row" re-renders it; a cleared row is dropped). Only whole numbers are
// added here — weights and percentages, never money.
(function () {
  'use strict';

  function renumber(group) {
    var rows = group.querySelectorAll('[data-row]');
    Array.prototype.forEach.call(rows, function (row, i) {
      Array.prototype.forEach.call(row.querySelectorAll('[id]'), function (el) { el.id = el.id.replace(/-\d+-/, '-' + i + '-'); });
      Array.prototype.forEach.call(row.querySelectorAll('label[for]'), function (el) {
        el.htmlFor = el.htmlFor.replace(/-\d+-/, '-' + i + '-');
      });
      var legend = row.querySelector('legend');
      if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(i + 1));
      var remove = row.querySelector('[data-remove-row]');
      if (remove) remove.hidden = rows.length < 2;
    });
  }

  function updateSum(group) {
    var out = group.querySelector('[data-sum-of]');
    if (!out) return;
    var sum = 0;
    Array.prototype.forEach.call(group.querySelectorAll('input[name="' + out.getAttribute('data-sum-of') + '"]'), function (input) {
      var v = input.value.trim();
      if (/^\d{1,3}$/.test(v)) sum += parseInt(v, 10);
    });
    out.textContent = out.getAttribute('data-sum-template').replace('%n', String(sum));
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-rows]'), function (group) {
    var add = group.querySelector('[data-add-row]');
    group.addEventListener('input', function () { updateSum(group); });
    group.addEventListener('click', function (e) {
      var remove = e.target.closest && e.target.closest('[data-remove-row]');
      if (!remove) return;
      var row = remove.closest('[data-row]');
      var after = row.nextElementSibling;
      var next = after && after.matches('[data-row]') ? after : row.previousElementSibling;
      row.parentNode.removeChild(row);
      renumber(group);
      updateSum(group);
      var focus = next && next.querySelector('input, select');
      (focus || add).focus();
    });
    if (add) {
      // A plain button now, so that Enter in a text field saves the form rather than adding a row.
      add.type = 'button';
      add.addEventListener('click', function () {
        var rows = group.querySelectorAll('[data-row]');
        var last = rows[rows.length - 1];
        if (!last) return;
        var copy = last.cloneNode(true);
        Array.prototype.forEach.call(copy.querySelectorAll('.field-error'), function (el) { el.parentNode.removeChild(el); });
        Array.prototype.forEach.call(copy.querySelectorAll('.field--error'), function (el) { el.classList.remove('field--error'); });
        Array.prototype.forEach.call(copy.querySelectorAll('input, select'), function (el) {
          el.value = '';
          el.removeAttribute('aria-invalid');
          el.removeAttribute('aria-describedby');
        });
        last.parentNode.insertBefore(copy, last.nextSibling);
        renumber(group);
        updateSum(group);
        var first = copy.querySelector('input, select');
        if (first) first.focus();
      });
    }
    renumber(group);
  });
})();
