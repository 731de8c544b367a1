// Participant screens: keeps the krediettabel and slider value live, and records
// process data (every change of amount, slider, term and product, of any field a
// template marks with data-decision-field (named by its name), and every info
// panel opened or closed, in milliseconds since the screen was shown). On submit it
// puts them in the hidden processData field. Without JavaScript the form still
// works and the server marks the process data as missing.
(function () {
  'use strict';
  var form = document.querySelector('form[data-screen]');
  if (!form) return;
  var shownAt = performance.now();
  var events = [];
  var maxEvents = 1000;
  var elapsed = function () { return Math.round(performance.now() - shownAt); };
  var record = function (kind, field, value) {
    if (events.length < maxEvents) events.push({ kind: kind, field: field, value: value === null ? null : String(value).slice(0, 200), atMs: elapsed() });
  };

  var table = form.querySelector('[data-live-credit-table]');
  var locale = table ? table.getAttribute('data-locale') : 'nl';
  var bcp47 = locale === 'en' ? 'en-GB' : 'nl-NL';
  var euros0 = new Intl.NumberFormat(bcp47, { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
  var euros2 = new Intl.NumberFormat(bcp47, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

  // The same arithmetic as experiments/arithmetic/credit-table.ts (JKP → monthly rate,
  // annuity, total = unrounded payment × term); browser tests check they agree.
  var creditTable = function (amount, months, apr) {
    var rate = Math.pow(1 + apr, 1 / 12) - 1;
    var payment = rate === 0 ? amount / months : (amount * rate) / (1 - Math.pow(1 + rate, -months));
    return { monthly: Math.round(payment * 100) / 100, total: Math.round(payment * months * 100) / 100 };
  };
  var wholeEuros = function (text) {
    var cleaned = String(text).replace(/[\s\u00a0€]/g, '').replace(/[.,]00?$/, '');
    var group = locale === 'en' ? ',' : '.';
    if (new RegExp('^\\d{1,3}(\\' + group + '\\d{3})+$').test(cleaned)) cleaned = cleaned.split(group).join('');
    return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : null;
  };

  var amountField = form.querySelector('[data-amount-field]');
  var output = form.querySelector('output[for="amount"]');
  var updateTable = function () {
    if (!table) return;
    var checked = form.querySelector('[data-term-field]:checked');
    var amount = amountField ? wholeEuros(amountField.value) : null;
    var months = checked ? Number(checked.value) : null;
    var cell = function (figure) { return table.querySelector('[data-figure="' + figure + '"]'); };
    if (amount === null || months === null || amount <= 0) {
      ['amount', 'monthly', 'term', 'total'].forEach(function (figure) { if (cell(figure)) cell(figure).textContent = '—'; });
      return;
    }
    var figures = creditTable(amount, months, Number(table.getAttribute('data-apr')));
    cell('amount').textContent = euros0.format(amount);
    cell('monthly').textContent = euros2.format(figures.monthly);
    cell('term').textContent = table.getAttribute('data-term-template').replace('{months}', String(months));
    cell('total').textContent = euros2.format(figures.total);
  };
  var updateSlider = function () {
    if (!amountField || amountField.type !== 'range') return;
    var text = euros0.format(Number(amountField.value));
    if (output) output.textContent = text;
    amountField.setAttribute('aria-valuetext', text);
  };

  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target.matches('[data-term-field]')) record('change', 'term', target.value);
    if (target.matches('[data-product-field]')) record('change', 'product', target.value);
    if (target.matches('[data-amount-field]')) record('change', 'amount', target.value);
    if (target.matches('[data-decision-field]')) record('change', target.name, target.value);
    updateTable();
  });
  form.addEventListener('input', function (event) {
    if (event.target.matches('[data-amount-field]')) {
      updateSlider();
      updateTable();
    }
  });
  Array.prototype.forEach.call(form.querySelectorAll('[data-info-panel]'), function (panel) {
    panel.addEventListener('toggle', function () { record('panel', panel.getAttribute('data-info-panel'), panel.open ? 'open' : 'closed'); });
  });
  form.addEventListener('submit', function () {
    var field = form.querySelector('[data-process-data]');
    if (field) field.value = JSON.stringify({ version: 1, timeToDecisionMs: elapsed(), events: events });
  });
  updateSlider();
  updateTable();
})();
