// Moves an import's progress bar without reloading the page: it asks the
// server how far the import has got every second, and reloads only when the
// import moves on to its next stage (the preview, the summary, an error).
// Without JavaScript, a <noscript> refresh reloads the page instead.
(function () {
  "use strict";
  const bar = document.querySelector("progress[data-progress-url]");
  if (!bar) {
    return;
  }
  const label = document.getElementById("import-status");
  const number = new Intl.NumberFormat();

  async function poll() {
    try {
      const response = await fetch(bar.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const progress = await response.json();
        if (progress.status !== bar.dataset.status) {
          window.location.reload();
          return;
        }
        if (progress.status === "checking" && progress.total > 0) {
          bar.max = progress.total;
          bar.value = progress.done;
          label.textContent =
            "Checked " + number.format(progress.done) + " of " + number.format(progress.total) + " days";
        }
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  }

  window.setTimeout(poll, 1000);
})();
