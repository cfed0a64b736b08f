// The long application form: a warning before leaving it with unsaved changes, and, for a draft
// already saved once, a save of its own every so often through the form's own save route. Without
// this file the form works as before: nothing is saved until the applicant saves.
(function () {
  'use strict';

  var form = document.querySelector('form[data-unsaved-form]');
  if (!form) return;
  var changes = 0;
  var saved = 0;
  var leaving = false;

  function markChanged() { changes += 1; }
  form.addEventListener('input', markChanged);
  form.addEventListener('change', markChanged);
  form.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.closest && t.closest('[data-add-row], [data-remove-row]')) markChanged();
  });
  // A save of its own still on its way (below): a save by hand waits for it, so that it is sent
  // with the version that save made and is not taken for someone else's stale one.
  var inflight = null;
  // Saving by hand (or "save to upload"): the page is left on purpose.
  form.addEventListener('submit', function (e) {
    leaving = true;
    if (!inflight) return;
    e.preventDefault();
    var submitter = e.submitter || null;
    inflight.then(function () {
      inflight = null;
      form.requestSubmit(submitter);
    });
  });

  window.addEventListener('beforeunload', function (e) {
    if (leaving || changes === saved) return;
    e.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    e.returnValue = '';
  });

  var period = parseInt(form.getAttribute('data-autosave-ms') || '', 10);
  var status = document.getElementById('autosave-status');
  if (!period || !status) return;
  var saving = false;

  function clock() {
    var d = new Date();
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function autosave() {
    if (saving || leaving || changes === saved) return;
    saving = true;
    var upTo = changes;
    var body = new URLSearchParams(new FormData(form));
    body.set('_action', 'save');
    inflight = fetch(form.action, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
      .then(function (res) {
        return res.text().then(function (html) { return { ok: res.ok && /[?&]notice=saved/.test(res.url), html: html }; });
      })
      .then(function (r) {
        if (!r.ok) {
          // Refused (a field the rules do not accept yet, or someone else's save): saving by hand shows why.
          status.textContent = form.getAttribute('data-autosave-failed') || '';
          return;
        }
        // The draft's new version, so that the next save (by hand or not) is not taken for a stale one.
        var m = /name="version" value="(\d+)"/.exec(r.html);
        var version = form.querySelector('input[name="version"]');
        if (m && version) version.value = m[1];
        saved = upTo;
        status.textContent = (form.getAttribute('data-autosaved-template') || '%t').replace('%t', clock());
      })
      .catch(function () {
        status.textContent = form.getAttribute('data-autosave-failed') || '';
      })
      .then(function () {
        saving = false;
        inflight = null;
      });
  }

  window.setInterval(autosave, period);
})();
