// Progressive enhancement of the review forms: every form works and is checked on the server
// without this file.
(function () {
  'use strict';

  // A score as hundredths (an integer) from what was typed, or null while it is not a score the
  // rule accepts (at most two decimals). Scores never pass through floating-point sums.
  function hundredths(text) {
    var m = /^\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!m) return null;
    var cents = (m[2] || '').length === 1 ? m[2] + '0' : (m[2] || '00');
    return parseInt(m[1], 10) * 100 + parseInt(cents, 10);
  }

  function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }

  // The running total of a rubric, as rules/scoring.ts computes it: a criterion scored on its own
  // scale contributes score × weight / max; the sum is rounded half-up to two decimals once.
  // Kept as an exact fraction of hundredths (numerator / denominator) until that rounding.
  // A score the rule would refuse: not a number with at most two decimals, or above the maximum.
  function outOfRange(input) {
    if (input.value.trim() === '') return false;
    var h = hundredths(input.value);
    return h === null || h > parseInt(input.getAttribute('data-max'), 10) * 100;
  }

  // Marks (or clears) an out-of-range score beside its field, as the server's error would.
  function mark(input) {
    var error = document.getElementById(input.id + '-range');
    if (!error) return;
    var bad = outOfRange(input);
    error.hidden = !bad;
    var ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== error.id; });
    if (bad) ids.push(error.id);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' ')); else input.removeAttribute('aria-describedby');
    var serverError = document.getElementById(input.id + '-error');
    if (bad || serverError) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    var field = input.closest('.field');
    if (field) field.classList.toggle('field--error', bad || !!serverError);
  }

  function total(inputs) {
    var num = 0, den = 1, complete = true;
    inputs.forEach(function (input) {
      var h = hundredths(input.value);
      var max = parseInt(input.getAttribute('data-max'), 10);
      var weight = parseInt(input.getAttribute('data-weight'), 10);
      // An empty, invalid or out-of-range score counts as nothing; the total says it is partial.
      if (h === null || h > max * 100) { complete = false; return; }
      var n = h * weight, d = max;
      var g = gcd(n, d) || 1;
      n /= g; d /= g;
      num = num * d + n * den;
      den = den * d;
      var k = gcd(num, den) || 1;
      num /= k; den /= k;
    });
    var rounded = Math.floor((2 * num + den) / (2 * den));
    return { text: Math.floor(rounded / 100) + '.' + String(rounded % 100).padStart(2, '0'), complete: complete };
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-rubric]'), function (rubric) {
    var inputs = Array.prototype.slice.call(rubric.querySelectorAll('input[data-max]'));
    var box = rubric.querySelector('[data-running-total]');
    var out = box && box.querySelector('output');
    var fallback = rubric.querySelector('[data-total-fallback]');
    var partial = rubric.querySelector('[data-total-partial]');
    if (!out) return;
    box.hidden = false;
    if (fallback) fallback.hidden = true;
    function update() {
      var t = total(inputs);
      out.textContent = t.text;
      box.classList.toggle('running-total--partial', !t.complete);
      if (partial) partial.hidden = t.complete;
    }
    inputs.forEach(function (input) {
      input.addEventListener('input', function () { mark(input); update(); });
      if (input.value.trim() !== '') mark(input);
    });
    update();
  });
})();
