// "Copy" buttons beside a read-only address (a summary link, the calendar address):
// selecting a long address is hard with stiff or shaky hands. Without JavaScript the
// button stays hidden and the address can still be selected and copied by hand.
for (const button of document.querySelectorAll("[data-copy-from]")) {
  const field = document.getElementById(button.dataset.copyFrom);
  const status = document.getElementById(`${button.dataset.copyFrom}-copied`);
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      // Each page words what to do next (templates/partials/copy_button.html).
      status.textContent = button.dataset.copied || "Copied.";
    } catch {
      // No clipboard (an old browser, or a page not served over HTTPS): leave it selected.
      field.focus();
      field.select();
      status.textContent = "Selected. Copy it with your device's copy command.";
    }
  });
}
