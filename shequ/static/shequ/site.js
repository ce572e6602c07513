// Behaviour that pages declare with data attributes, so that no template carries inline script (the
// Content-Security-Policy allows scripts from our own static files only, issue #12).
document.addEventListener("change", (event) => {
  const control = event.target.closest("[data-auto-submit]");
  if (control && control.form) control.form.submit();
});
