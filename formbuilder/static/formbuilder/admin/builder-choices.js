// The builder's "show only if field" and "has the answer" inputs offer the
// fields already in the form and that field's choices, read from the builder
// as it stands (nothing to type from memory; typing still works).
(function () {
  "use strict";

  function fieldsOf(form) {
    // Each field block has a label input named …-value-label and a key …-value-key.
    const fields = [];
    form.querySelectorAll("input[name$='-value-key'], textarea[name$='-value-label']").forEach(function (input) {
      if (!input.name.endsWith("-value-label")) return;
      const prefix = input.name.slice(0, -"-value-label".length);
      if (!/-value-fields-\d+$/.test(prefix)) return;
      const key = form.querySelector("[name='" + prefix + "-value-key']");
      fields.push({ prefix: prefix, label: input.value.trim(), key: key ? key.value.trim() : "" });
    });
    return fields;
  }

  function choicesOf(form, prefix) {
    const values = [];
    form.querySelectorAll("input[name^='" + prefix + "-value-choices-'][name$='-value-value']").forEach(function (input) {
      if (input.value.trim()) values.push(input.value.trim());
    });
    return values;
  }

  function fill(list, options) {
    list.replaceChildren();
    options.forEach(function (option) {
      const element = document.createElement("option");
      element.value = option.value;
      if (option.label) element.label = option.label;
      list.appendChild(element);
    });
  }

  function listFor(input) {
    const id = "fb-list-" + input.name;
    let list = document.getElementById(id);
    if (!list) {
      list = document.createElement("datalist");
      list.id = id;
      input.after(list);
      input.setAttribute("list", id);
    }
    return list;
  }

  function offerFields(input) {
    const form = input.form;
    const own = input.name.slice(0, -"-value-visible_if_field".length);
    const options = fieldsOf(form)
      .filter(function (field) { return field.prefix !== own && (field.key || field.label); })
      .map(function (field) { return { value: field.key || field.label, label: field.label }; });
    fill(listFor(input), options);
  }

  function offerAnswers(input) {
    const form = input.form;
    const own = input.name.slice(0, -"-value-visible_if_value".length);
    const chosen = form.querySelector("[name='" + own + "-value-visible_if_field']");
    const wanted = chosen ? chosen.value.trim() : "";
    const field = fieldsOf(form).find(function (f) { return wanted && (f.key === wanted || f.label === wanted); });
    const values = field ? choicesOf(form, field.prefix) : [];
    fill(listFor(input), values.map(function (value) { return { value: value }; }));
  }

  document.addEventListener("focusin", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.form) return;
    if (input.name.endsWith("-value-visible_if_field")) offerFields(input);
    else if (input.name.endsWith("-value-visible_if_value")) offerAnswers(input);
  });
})();
