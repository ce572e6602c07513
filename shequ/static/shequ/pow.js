// Self-hosted proof of work for the public portal (no third-party captcha): before the form is sent, find a nonce
// whose SHA-256 together with the signed challenge starts with the required number of zero bits.
(function () {
  "use strict";
  var form = document.getElementById("portal-form");
  if (!form || !window.crypto || !crypto.subtle) { return; }
  var challenge = form.querySelector("input[name=challenge]");
  var nonceField = form.querySelector("input[name=nonce]");
  var status = document.getElementById("pow-status");
  var button = document.getElementById("portal-submit");
  var encoder = new TextEncoder();

  function bitsOf(challengeText) {
    try {
      var payload = challengeText.split(":")[0];
      var json = atob(payload.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((payload.length + 3) % 4));
      return JSON.parse(json).b;
    } catch (error) { return 16; }
  }

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      return bits + Math.clz32(bytes[i]) - 24;
    }
    return bits;
  }

  async function solve(text, bits) {
    for (var nonce = 0; ; nonce++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(text + ":" + nonce));
      if (zeroBits(digest) >= bits) { return String(nonce); }
    }
  }

  var solving = false;
  form.addEventListener("submit", function (event) {
    if (nonceField.value) { return; }
    event.preventDefault();
    if (solving) { return; }
    solving = true;
    button.disabled = true;
    status.textContent = status.dataset.working || "…";
    solve(challenge.value, bitsOf(challenge.value)).then(function (nonce) {
      nonceField.value = nonce;
      form.submit();
    });
  });
})();
