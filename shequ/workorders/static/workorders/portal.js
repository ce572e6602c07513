// The residents' portal (issue #13). A static file: the Content-Security-Policy forbids inline script.
// 1. The focus goes to the first field with an error, so that a keyboard or screen-reader user lands on it.
// 2. The community is chosen district → street → community, each select narrowing the next from the public
//    names of `portal:divisions`, or found by typing its name.
(function () {
  "use strict";

  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid) {
    invalid.focus();
  }

  var box = document.getElementById("community-choice");
  if (!box || !window.fetch) { return; }
  var district = document.getElementById("id_district");
  var street = document.getElementById("id_street");
  var community = document.getElementById("id_community");
  var search = document.getElementById("community-search");
  var status = document.getElementById("community-search-status");
  var url = box.dataset.url;

  function fill(select, items, placeholder, label) {
    select.replaceChildren();
    select.add(new Option(placeholder, ""));
    items.forEach(function (item) {
      select.add(new Option(label ? label(item) : item.name, String(item.id)));
    });
    if (items.length === 1) {
      select.value = String(items[0].id);  // the only choice is chosen (issue #13)
    }
  }

  function load(query) {
    return fetch(url + "?" + new URLSearchParams(query).toString(), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) { return answer.results || []; })
      .catch(function () { return []; });
  }

  district.addEventListener("change", function () {
    fill(community, [], box.dataset.chooseCommunity);
    if (!district.value) { fill(street, [], box.dataset.choose); return; }
    load({parent: district.value}).then(function (streets) {
      fill(street, streets, box.dataset.choose);
      if (street.value) { street.dispatchEvent(new Event("change")); }
    });
  });

  street.addEventListener("change", function () {
    if (!street.value) { fill(community, [], box.dataset.chooseCommunity); return; }
    load({parent: street.value}).then(function (communities) {
      fill(community, communities, box.dataset.choose);
    });
  });

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    var text = search.value.trim();
    if (!text) { status.textContent = ""; return; }
    timer = setTimeout(function () {
      load({q: text}).then(function (found) {
        if (search.value.trim() !== text) { return; }  // a later keystroke wins
        // Found by name: the district and street selects no longer apply (the server checks them together).
        district.value = "";
        fill(street, [], box.dataset.choose);
        fill(community, found, found.length ? box.dataset.choose : box.dataset.chooseCommunity, function (item) {
          return item.name + "（" + [item.district, item.street].filter(Boolean).join(" ") + "）";
        });
        status.textContent = found.length ? box.dataset.found.replace("{n}", String(found.length)) : box.dataset.none;
      });
    }, 250);
  });
})();
