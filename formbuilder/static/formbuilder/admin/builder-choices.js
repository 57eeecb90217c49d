// The builder chooses instead of typing: "show only if field" is a list of
// the fields already in the form (labels shown, stable keys stored), "has
// the answer" a list of that field's choices, and an upload's "material" a
// list of the linked items' materials (from the status panel's JSON).  Each
// list writes into Wagtail's own text input, which stays the form's value
// (hidden while the list is in use), so StreamField state, drafts and
// revisions are untouched and the page still works without script.
(function () {
  "use strict";

  var FIELD = "-value-visible_if_field";
  var ANSWER = "-value-visible_if_value";
  var MATERIAL = "-value-material";

  function data(id, fallback) {
    var element = document.getElementById(id);
    if (!element) return fallback;
    try { return JSON.parse(element.textContent); } catch (error) { return fallback; }
  }

  function strings() {
    return data("fb-builder-strings", {
      always: "—", none: "—", other: "%s", typed: "…",
    });
  }

  function value(form, name) {
    var input = form.querySelector("[name='" + name + "']");
    return input ? input.value.trim() : "";
  }

  function deleted(form, prefix) {
    return value(form, prefix + "-deleted") === "1";
  }

  function fieldsOf(form) {
    // Answerable field blocks have a textarea label …-value-label and a key …-value-key.
    var fields = [];
    form.querySelectorAll("textarea[name$='-value-label']").forEach(function (input) {
      var prefix = input.name.slice(0, -"-value-label".length);
      if (!/-value-fields-\d+$/.test(prefix) || deleted(form, prefix)) return;
      fields.push({ prefix: prefix, label: input.value.trim(), key: value(form, prefix + "-value-key") });
    });
    return fields;
  }

  function choicesOf(form, prefix) {
    var choices = [];
    form.querySelectorAll("input[name^='" + prefix + "-value-choices-'][name$='-value-value']").forEach(function (input) {
      var item = input.name.slice(0, -"-value-value".length);
      if (!input.value.trim() || deleted(form, item)) return;
      choices.push({ value: input.value.trim(), label: value(form, item + "-value-label") });
    });
    return choices;
  }

  function companion(input) {
    var select = input._fbSelect;
    if (!select) {
      select = document.createElement("select");
      select.className = "fb-choice";
      select.setAttribute("data-fb-choice-for", input.name);
      if (input.id) {
        var label = document.querySelector("label[for='" + input.id + "']");
        if (label) {
          select.id = input.id + "-choice";
          label.setAttribute("for", select.id);
        }
      }
      select.addEventListener("change", function () {
        input.value = select.value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
        if (input.name.endsWith(FIELD)) refreshAnswer(input.form, input.name.slice(0, -FIELD.length));
      });
      // The form may have changed since: offer what it holds now.
      select.addEventListener("focus", function () { refresh(input); });
      select.addEventListener("mousedown", function () { refresh(input); });
      input.after(select);
      input._fbSelect = select;
    }
    return select;
  }

  function fill(input, empty, options) {
    var select = companion(input);
    var current = input.value.trim();
    var text = strings();
    select.replaceChildren();
    var first = document.createElement("option");
    first.value = "";
    first.textContent = empty;
    select.appendChild(first);
    var found = current === "";
    options.forEach(function (option) {
      var element = document.createElement("option");
      element.value = option.value;
      element.textContent = option.label && option.label !== option.value
        ? option.label + " (" + option.value + ")"
        : option.value;
      if (option.value === current || (option.label && option.label === current)) {
        element.selected = true;
        found = true;
      }
      select.appendChild(element);
    });
    if (!found) {
      // A value no longer in the form stays visible (and stored) until changed.
      var kept = document.createElement("option");
      kept.value = current;
      kept.textContent = text.other.replace("%s", current);
      kept.selected = true;
      select.appendChild(kept);
    }
    select.hidden = false;
    input.hidden = true;
  }

  function useText(input) {
    if (input._fbSelect) input._fbSelect.hidden = true;
    input.hidden = false;
  }

  function refreshField(input) {
    var own = input.name.slice(0, -FIELD.length);
    var options = fieldsOf(input.form)
      .filter(function (field) { return field.prefix !== own && (field.key || field.label); })
      .map(function (field) { return { value: field.key || field.label, label: field.label }; });
    fill(input, strings().always, options);
  }

  function refreshAnswer(form, own) {
    var input = form.querySelector("[name='" + own + ANSWER + "']");
    if (!input) return;
    var wanted = value(form, own + FIELD);
    var field = fieldsOf(form).find(function (f) { return wanted && (f.key === wanted || f.label === wanted); });
    var choices = field ? choicesOf(form, field.prefix) : [];
    if (choices.length) fill(input, strings().typed, choices);
    else useText(input);
  }

  function refreshMaterial(input) {
    var materials = data("fb-materials", []);
    if (!materials.length) return useText(input);
    fill(input, strings().none, materials.map(function (name) { return { value: name }; }));
  }

  function refresh(input) {
    if (!input.form) return;
    if (input.name.endsWith(FIELD)) refreshField(input);
    else if (input.name.endsWith(ANSWER)) refreshAnswer(input.form, input.name.slice(0, -ANSWER.length));
    else if (input.name.endsWith(MATERIAL)) refreshMaterial(input);
  }

  function enhance(root) {
    if (!document.getElementById("fb-builder-strings")) return;
    var selector = "input[name$='" + FIELD + "'], input[name$='" + ANSWER + "'], input[name$='" + MATERIAL + "']";
    root.querySelectorAll(selector).forEach(function (input) {
      if (!input.name.includes("__PREFIX__")) refresh(input);
    });
  }

  function ours(node) {
    return node.nodeType === 1 && (node.matches("select.fb-choice, select.fb-choice *"));
  }

  function relevant(mutations) {
    return mutations.some(function (mutation) {
      if (ours(mutation.target)) return false;
      return Array.prototype.some.call(mutation.addedNodes, function (node) { return !ours(node); });
    });
  }

  var pending = null;
  function later() {
    if (pending) return;
    pending = window.setTimeout(function () { pending = null; enhance(document); }, 50);
  }

  function start() {
    enhance(document);
    new MutationObserver(function (mutations) { if (relevant(mutations)) later(); }).observe(document.body, { childList: true, subtree: true });
    // A label or choice typed elsewhere changes what the lists offer.
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.name && /-value-(label|value|key)$/.test(target.name)) later();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
