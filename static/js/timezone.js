// Fills in the timezone on the sign-up form from the browser, so most
// people never have to find their city in a list. Without JavaScript the
// list still works; with it, the person can still change the guess.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  document.querySelectorAll('select[name="timezone"]').forEach(function (select) {
    // Chromium reports some zones by their old names (Asia/Calcutta); the
    // list offers the current ones, and says which old name is which.
    var aliases = JSON.parse(select.dataset.aliases || "{}");
    zone = aliases[zone] || zone;
    var untouched = select.value === "UTC" && !select.dataset.chosen;
    if (zone && untouched && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  });
})();
