// Polls a background evaluation's progress and reloads the page (which then goes to the run) when it has finished.
(function () {
  var card = document.getElementById("evaluate-progress");
  if (!card || card.querySelector(".alert-danger")) { return; }
  function poll() {
    fetch(card.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("progress-done").textContent = s.done;
      document.getElementById("progress-total").textContent = s.total;
      if (s.run || s.error) { window.location.reload(); } else { setTimeout(poll, 1500); }
    });
  }
  setTimeout(poll, 1000);
})();
