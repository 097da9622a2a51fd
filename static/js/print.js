// A "Print" button (data-print) prints the page; the stylesheet leaves out
// everything but what is worth printing.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
