// The draft's automatic checks while the applicant types: asks the portal for the checks of the
// form's current (unsaved) values and shows them in the list the server rendered. Without this
// file the list still shows the checks of the draft as saved, and submitting checks them again.
(function () {
  'use strict';

  var box = document.querySelector('[data-draft-checks][data-live-url]');
  var form = document.querySelector('form.application-form');
  if (!box || !form || !window.fetch || !window.URLSearchParams || !window.FormData) return;

  var status = box.querySelector('[data-checks-status]');
  var summary = box.querySelector('[data-checks-summary]');
  var timer = null;
  var asked = 0;

  function text(name) {
    return box.getAttribute('data-text-' + name) || '';
  }

  function item(check) {
    var li = document.createElement('li');
    li.setAttribute('data-rule', check.rule);
    var zh = document.createElement('span');
    zh.lang = 'zh-CN';
    zh.textContent = check.label.zh;
    var en = document.createElement('span');
    en.lang = 'en';
    en.textContent = check.label.en;
    var reason = document.createElement('span');
    reason.lang = 'zh-CN';
    reason.textContent = check.reason;
    li.appendChild(zh);
    li.appendChild(document.createTextNode(' / '));
    li.appendChild(en);
    li.appendChild(document.createTextNode('：'));
    li.appendChild(reason);
    return li;
  }

  function list(kind, checks, template, className) {
    var frag = document.createDocumentFragment();
    if (!checks.length) return frag;
    var p = document.createElement('p');
    if (className) p.className = className;
    p.textContent = template.replace('%n', String(checks.length));
    var ul = document.createElement('ul');
    ul.className = 'draft-checks-list';
    ul.setAttribute('data-failed', kind);
    checks.forEach(function (c) { ul.appendChild(item(c)); });
    frag.appendChild(p);
    frag.appendChild(ul);
    return frag;
  }

  function show(found) {
    found.checks.forEach(function (c) {
      var row = box.querySelector('tr[data-rule="' + c.rule + '"]');
      if (!row) return;
      row.setAttribute('data-passed', c.passed ? 'true' : 'false');
      var cells = row.querySelectorAll('td');
      if (cells.length < 3) return;
      var result = document.createElement('span');
      result.className = 'result ' + (c.passed ? 'result--pass' : 'result--fail');
      result.textContent = c.passed ? text('pass') : text('fail');
      cells[1].textContent = '';
      cells[1].appendChild(result);
      cells[2].textContent = c.reason;
    });
    summary.textContent = '';
    summary.appendChild(list('hard', found.hardFailed, text('failed-hard'), 'draft-checks-failed'));
    summary.appendChild(list('warning', found.warningFailed, text('failed-warnings')));
    if (!found.hardFailed.length && !found.warningFailed.length) {
      var all = document.createElement('p');
      all.textContent = text('all-passed');
      summary.appendChild(all);
    }
    status.textContent = text('live');
  }

  function ask() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === 'string' && key !== '_csrf' && key !== '_action' && key !== 'version') params.append(key, value);
    });
    var mine = ++asked;
    var url = box.getAttribute('data-live-url') + '?' + params.toString();
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { ok: false }; })
      .then(function (found) {
        if (mine !== asked) return;
        if (found && found.ok) show(found); else status.textContent = text('live-failed');
      })
      .catch(function () { if (mine === asked) status.textContent = text('live-failed'); });
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(ask, 400);
  }

  form.addEventListener('input', later);
  form.addEventListener('change', later);
})();
