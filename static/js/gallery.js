// The large view: the left and right arrow keys move to the day's previous
// and next photo, following the page's own rel=prev/next links. Without
// this script the links still work.
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const typing = event.target.closest("input, textarea, select, [contenteditable]");
  if (typing) return;
  const rel = { ArrowLeft: "prev", ArrowRight: "next" }[event.key];
  const link = rel && document.querySelector(`.photo-nav a[rel="${rel}"]`);
  if (link) {
    event.preventDefault();
    link.click();
  }
});
