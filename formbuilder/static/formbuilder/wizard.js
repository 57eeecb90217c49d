// Hide fields whose condition refers to another field on the same page.
// The server checks conditions again; without script every field shows.
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
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.fb-form").forEach(function (form) {
      refresh(form);
      form.addEventListener("change", function () { refresh(form); });
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
