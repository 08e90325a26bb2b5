// The export page's "Select all" box, bound here instead of in an onchange attribute, which a
// Content-Security-Policy without 'unsafe-inline' blocks. onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js, loaded by the form's media.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".select-toggle");
  if (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
