// Progressive enhancement of the applicant's forms: rows added and removed in place, running
// totals. Without this file the forms still work: "add a row" buttons post the form back with
// one more blank row, blank rows are ignored, and the server shows the totals it computed.
(function () {
  'use strict';

  // ---- money in integer cents: "1234.5" → 123450; never a float sum of yuan
  function cents(text) {
    var m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!m) return null;
    var frac = (m[2] || '') + '00';
    return parseInt(m[1], 10) * 100 + parseInt(frac.slice(0, 2), 10);
  }
  function formatCents(total) {
    var whole = String(Math.floor(total / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var rest = String(total % 100);
    return whole + '.' + (rest.length < 2 ? '0' + rest : rest);
  }

  function updateTotals() {
    Array.prototype.forEach.call(document.querySelectorAll('output[data-total-of]'), function (out) {
      var group = out.getAttribute('data-total-of');
      var field = out.getAttribute('data-total-field') || 'amount';
      var inputs = document.querySelectorAll('input[name^="' + group + '-"][name$="-' + field + '"]');
      var sum = 0;
      var bad = false;
      Array.prototype.forEach.call(inputs, function (input) {
        if (input.value.trim() === '') return;
        var c = cents(input.value);
        if (c === null) bad = true; else sum += c;
      });
      var text = (out.getAttribute('data-money-template') || '%s').replace('%s', formatCents(sum));
      out.textContent = bad ? text + ' ' + (out.getAttribute('data-invalid-text') || '') : text;
    });
    // Scores with at most two decimals, added in hundredths for the same reason.
    Array.prototype.forEach.call(document.querySelectorAll('output[data-score-total]'), function (out) {
      var sum = 0;
      Array.prototype.forEach.call(document.querySelectorAll('input[name^="score-"]'), function (input) {
        var c = cents(input.value);
        if (c !== null) sum += c;
      });
      out.textContent = formatCents(sum).replace(/,/g, '');
    });
  }

  // ---- rows: clone the group's last row, renumber its names and ids, clear it
  function renumber(row, group, index, legendTemplate) {
    var pattern = new RegExp('(^|-)' + group + '-\\d+-');
    Array.prototype.forEach.call(row.querySelectorAll('[id],[name],[for],[aria-describedby]'), function (el) {
      ['id', 'name', 'for'].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(pattern, '$1' + group + '-' + index + '-'));
      });
      var described = el.getAttribute('aria-describedby');
      if (described) {
        // Errors belong to the row that was posted, not to the copy.
        var kept = described.split(' ').filter(function (id) { return !/-error$/.test(id); })
          .map(function (id) { return id.replace(pattern, '$1' + group + '-' + index + '-'); });
        if (kept.length) el.setAttribute('aria-describedby', kept.join(' ')); else el.removeAttribute('aria-describedby');
      }
    });
    var legend = row.querySelector('legend');
    if (legend && legendTemplate) legend.textContent = legendTemplate.replace('%n', String(index + 1));
  }

  function clearRow(row) {
    Array.prototype.forEach.call(row.querySelectorAll('.field-error'), function (el) { el.parentNode.removeChild(el); });
    Array.prototype.forEach.call(row.querySelectorAll('.field--error'), function (el) { el.classList.remove('field--error'); });
    Array.prototype.forEach.call(row.querySelectorAll('input, select, textarea'), function (el) {
      el.removeAttribute('aria-invalid');
      if (el.tagName === 'SELECT') el.selectedIndex = 0; else el.value = '';
    });
  }

  function addRemoveButton(row, container) {
    if (row.querySelector('[data-remove-row]')) return;
    var text = container.getAttribute('data-remove-text');
    if (!text) return;
    var p = document.createElement('p');
    p.className = 'row-actions';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.setAttribute('data-remove-row', '');
    var legend = row.querySelector('legend');
    button.textContent = legend ? text + ' ' + legend.textContent : text;
    button.addEventListener('click', function () {
      var rows = container.querySelectorAll('[data-row]');
      // The last row stays (emptied): the form always offers one to fill.
      if (rows.length <= 1) clearRow(row); else row.parentNode.removeChild(row);
      updateTotals();
      var focus = container.querySelector('[data-row] input, [data-row] select');
      if (focus) focus.focus();
    });
    p.appendChild(button);
    row.appendChild(p);
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-row-group]'), function (container) {
    Array.prototype.forEach.call(container.querySelectorAll('[data-row]'), function (row) { addRemoveButton(row, container); });
  });

  Array.prototype.forEach.call(document.querySelectorAll('button[data-add-row]'), function (button) {
    var group = button.getAttribute('data-add-row');
    var container = document.querySelector('[data-row-group="' + group + '"]');
    if (!container) return;
    // With script the button only adds a row: Enter in a field then saves rather than adding.
    button.type = 'button';
    button.removeAttribute('name');
    button.addEventListener('click', function () {
      var rows = container.querySelectorAll('[data-row]');
      if (!rows.length) return;
      var max = -1;
      Array.prototype.forEach.call(container.querySelectorAll('[name^="' + group + '-"]'), function (el) {
        var m = new RegExp('^' + group + '-(\\d+)-').exec(el.getAttribute('name'));
        if (m) max = Math.max(max, parseInt(m[1], 10));
      });
      var copy = rows[rows.length - 1].cloneNode(true);
      var actions = copy.querySelector('.row-actions');
      if (actions) actions.parentNode.removeChild(actions);
      clearRow(copy);
      renumber(copy, group, max + 1, container.getAttribute('data-legend-template'));
      container.appendChild(copy);
      addRemoveButton(copy, container);
      var first = copy.querySelector('input, select');
      if (first) first.focus();
    });
  });

  // ---- change requests: show only the part the chosen kind uses
  Array.prototype.forEach.call(document.querySelectorAll('form[data-change-form]'), function (form) {
    function show() {
      var chosen = form.querySelector('input[name="kind"]:checked');
      Array.prototype.forEach.call(form.querySelectorAll('[data-kind-section]'), function (section) {
        section.hidden = !!chosen && section.getAttribute('data-kind-section') !== chosen.value;
      });
    }
    form.addEventListener('change', function (e) { if (e.target.name === 'kind') show(); });
    show();
  });

  document.addEventListener('input', function (e) {
    var name = e.target && e.target.name;
    if (name && (/-(amount|spent)$/.test(name) || /^score-/.test(name))) updateTotals();
  });
  updateTotals();
})();
