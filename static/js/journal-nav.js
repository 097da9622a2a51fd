// On a phone the journal's section links are one row that scrolls sideways
// (daybook.css); this brings the current page's link into view, so "Year at
// a glance" or "Recently deleted" is not hidden off the edge. Without
// JavaScript the row still scrolls.
document.querySelectorAll('.journal-nav [aria-current="page"]').forEach((link) => {
  const row = link.closest("ul");
  const past = link.getBoundingClientRect().right - row.getBoundingClientRect().right;
  if (past > 0) {
    row.scrollLeft += past + 16;
  }
});
