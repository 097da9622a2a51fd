// Passkey buttons start hidden (data-needs-passkeys): without JavaScript, or
// in a browser without WebAuthn, they could only fail. Shown here when
// they can work.
if (window.PublicKeyCredential) {
  document.querySelectorAll("[data-needs-passkeys]").forEach((element) => {
    element.hidden = false;
  });
}

// allauth's passkey script reports a failure (cancelled, timed out, no
// passkey on this device) as an "allauth.error" event and otherwise only
// logs it to the console; say it on the page instead, in #passkey-error.
document.addEventListener("allauth.error", (event) => {
  const box = document.getElementById("passkey-error");
  if (!box) {
    return;
  }
  event.preventDefault();
  const cancelled = event.detail.exception && event.detail.exception.name === "NotAllowedError";
  box.textContent = cancelled
    ? "No passkey was used: it was cancelled or took too long. Try again."
    : "That passkey did not work here. Try again, or use an emailed code.";
  box.hidden = false;
});
