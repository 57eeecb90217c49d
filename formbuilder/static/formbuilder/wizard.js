// Progressive enhancement of the citizen pages; each works without script.
// - fields whose condition refers to another field on the same page hide
//   (the server checks conditions again; without script every field shows);
// - the address picker fills its city and county lists in place from the
//   shipped GB/T 2260 list (without script, a button redraws the step);
// - the receipt's print button prints.
(function () {
  function currentValues(form, name) {
    return Array.from(form.elements).filter(function (el) {
      return el.name === name && (!/radio|checkbox/.test(el.type) || el.checked);
    }).map(function (el) { return el.value; });
  }
  function refresh(form) {
    form.querySelectorAll("[data-visible-field]").forEach(function (box) {
      var name = box.getAttribute("data-visible-field");
      if (!form.elements[name]) { return; }
      box.hidden = currentValues(form, name).indexOf(box.getAttribute("data-visible-value")) < 0;
    });
  }

  var divisions = null;
  function loadDivisions(url) {
    if (!divisions) {
      divisions = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error("divisions " + r.status); }
        return r.json();
      }).then(function (doc) {
        var byCode = {};
        doc.divisions.forEach(function (p) {
          byCode[p[0]] = p[2].map(function (c) { return [c[0], c[1]]; });
          p[2].forEach(function (c) { byCode[c[0]] = c[2]; });
        });
        return byCode;
      });
    }
    return divisions;
  }
  function fill(select, entries, keep) {
    var prompt = select.options[0];
    var texts = JSON.parse(select.closest("[data-address]").getAttribute("data-prompts"));
    var part = select.closest("[data-level]").getAttribute("data-level");
    while (select.options.length > 1) { select.remove(1); }
    prompt.textContent = entries === null ? texts.first[part] : (entries.length ? texts.choose[part] : texts.none);
    (entries || []).forEach(function (entry) {
      var option = new Option(entry[1], entry[0]);
      option.selected = entry[0] === keep;
      select.add(option);
    });
    select.disabled = entries !== null && entries.length === 0;
  }
  function enhanceAddress(box) {
    var selects = box.querySelectorAll("select");
    if (selects.length !== 3 || !window.fetch) { return; }
    loadDivisions(box.getAttribute("data-divisions-url")).then(function (byCode) {
      box.classList.add("js-address");
      selects[0].addEventListener("change", function () {
        fill(selects[1], selects[0].value ? (byCode[selects[0].value] || []) : null, "");
        fill(selects[2], null, "");
      });
      selects[1].addEventListener("change", function () {
        fill(selects[2], selects[1].value ? (byCode[selects[1].value] || []) : null, "");
      });
    }).catch(function () { /* keep the server-drawn lists and the button */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.fb-form").forEach(function (form) {
      refresh(form);
      form.addEventListener("change", function () { refresh(form); });
    });
    document.querySelectorAll("[data-address]").forEach(enhanceAddress);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
