// Photos on the write and edit pages. The plain file input works alone;
// this adds dropping files onto it and a caption box for each chosen photo.
// Captions are posted in the same order as the files, as "captions".
for (const zone of document.querySelectorAll("[data-photo-drop]")) {
  const input = zone.querySelector("input[type=file]");
  const list = zone.querySelector("[data-photo-captions]");
  if (!input || !list) continue;

  const showCaptions = () => {
    const typed = [...list.querySelectorAll("textarea")].map((box) => box.value);
    list.replaceChildren();
    [...input.files].forEach((file, index) => {
      const item = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("textarea");
      box.name = "captions";
      box.rows = 1;
      box.maxLength = 500;
      box.id = `${input.id}-caption-${index}`;
      box.value = typed[index] || "";
      label.htmlFor = box.id;
      label.textContent = `Caption for ${file.name} (optional)`;
      item.append(label, box);
      list.append(item);
    });
    list.hidden = input.files.length === 0;
  };

  input.addEventListener("change", showCaptions);
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    // Dropped files join those already chosen.
    const all = new DataTransfer();
    for (const file of [...input.files, ...event.dataTransfer.files]) all.items.add(file);
    input.files = all.files;
    showCaptions();
  });
}
