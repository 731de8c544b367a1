// The debrief's return to the panel: follows the return link after the notice's
// delay unless the participant chooses to stay (WCAG 2.2.1: a timed change the
// user can stop). Without JavaScript a meta refresh in <noscript> does the same.
(function () {
  'use strict';
  var link = document.querySelector('[data-return-to-panel]');
  if (!link) return;
  var stay = document.querySelector('[data-stay]');
  var status = document.querySelector('[data-return-status]');
  var seconds = Number(link.getAttribute('data-seconds')) || 5;
  var timer = window.setTimeout(function () { window.location.assign(link.href); }, seconds * 1000);
  if (!stay) return;
  stay.hidden = false;
  stay.addEventListener('click', function () {
    window.clearTimeout(timer);
    stay.hidden = true;
    if (status) status.textContent = status.getAttribute('data-stayed-text');
    link.focus();
  });
})();
