// Behaviour that pages declare with data attributes, so that no template carries inline script (the
// Content-Security-Policy allows scripts from our own static files only, issue #12).
document.addEventListener("change", (event) => {
  const control = event.target.closest("[data-auto-submit]");
  if (control && control.form) control.form.submit();
});

// Search pickers (issue #13, core/pickers.py): a select marked `data-picker` holds only its chosen record; matches
// come from the page itself, POSTed (a typed ID number never enters an address) with the page's CSRF token.
function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  } catch (error) {
    return "";
  }
}

function startPickers(root) {
  for (const select of root.querySelectorAll("select[data-picker]")) {
    if (select.tomselect || typeof TomSelect === "undefined") continue;
    const empty = select.dataset.pickerEmpty;
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      preload: "focus",
      loadThrottle: 250,
      placeholder: select.dataset.pickerPlaceholder,
      plugins: select.multiple ? ["remove_button"] : [],
      // The server has already matched (pinyin, initials, masked numbers): keep every answer it sends.
      score() {
        return () => 1;
      },
      load(query, callback) {
        this.clearOptions();
        const body = new FormData();
        body.append("_picker", select.dataset.picker);
        body.append("q", query);
        fetch(window.location.href, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken() },
        })
          .then((response) => response.json())
          .then((data) => callback(data.results || []))
          .catch(() => callback());
      },
      render: {
        no_results: () => {
          const node = document.createElement("div");
          node.className = "no-results";
          node.textContent = empty;
          return node;
        },
      },
    });
  }
}

document.addEventListener("DOMContentLoaded", () => startPickers(document));
document.addEventListener("htmx:load", (event) => startPickers(event.target));

// After a refused save, the focus goes to what needs fixing: the form's own message, else the first field with an
// error (its search picker's box if it has one), so that keyboard and screen-reader users land on it (issue #13).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  const field = document.querySelector("form .is-invalid");
  const target = summary || (field && field.tomselect ? field.tomselect.control_input : field);
  if (target) target.focus();
});

// A button or link marked `data-confirm` asks before it acts (steps that hand an order away or end it, issue #13).
document.addEventListener("click", (event) => {
  const control = event.target.closest("[data-confirm]");
  if (control && !window.confirm(control.dataset.confirm)) event.preventDefault();
});
