// The grid worker's incident form (issue #13): the phone's position, only when the worker asks for it (consent),
// into the form's hidden latitude / longitude; and the focus on the first field with an error. A static file:
// the Content-Security-Policy forbids inline script.
(function () {
  "use strict";
  var form = document.getElementById("incident-form");
  if (!form) { return; }

  var first = form.querySelector("#form-errors, [aria-invalid=true]");
  if (first) { first.focus(); }

  var button = document.getElementById("locate-button");
  var status = document.getElementById("location-status");
  var latitude = form.querySelector("input[name=latitude]");
  var longitude = form.querySelector("input[name=longitude]");
  if (!button || !latitude || !longitude || !("geolocation" in navigator)) { return; }
  button.hidden = false;

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var coords = position.coords;
      // Six decimals: a tenth of a metre, what the server keeps.
      latitude.value = coords.latitude.toFixed(6);
      longitude.value = coords.longitude.toFixed(6);
      status.textContent = button.dataset.found
        .replace("{lat}", latitude.value)
        .replace("{lon}", longitude.value)
        .replace("{accuracy}", String(Math.round(coords.accuracy || 0)));
      button.disabled = false;
    }, function (error) {
      latitude.value = "";
      longitude.value = "";
      status.textContent = error && error.code === 1 ? button.dataset.denied : button.dataset.failed;
      button.disabled = false;
    }, {enableHighAccuracy: true, timeout: 20000, maximumAge: 60000});
  });
})();
