/* The session screen: pick followed people without reloading, duration presets, drop-in fields.
   Plain JavaScript, no dependency; the form still posts without it. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setupPicker(root) {
    var input = root.querySelector("[data-picker-input]");
    var results = root.querySelector("[data-picker-results]");
    var chosen = root.querySelector("[data-picker-chosen]");
    var name = root.getAttribute("data-name");
    var url = root.getAttribute("data-search-url");
    var removeLabel = root.getAttribute("data-remove-label") || "×";
    var emptyLabel = root.getAttribute("data-empty-label") || "";

    function isChosen(code) {
      return !!chosen.querySelector('li[data-code="' + code + '"]');
    }

    function add(person) {
      if (isChosen(person.code)) { return; }
      var item = document.createElement("li");
      item.setAttribute("data-code", person.code);
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = person.code;
      var text = document.createElement("span");
      text.textContent = (person.code + " " + (person.label || "")).trim();
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip";
      remove.setAttribute("data-picker-remove", "");
      remove.textContent = removeLabel;
      remove.setAttribute("aria-label", removeLabel + " " + person.code);
      item.appendChild(hidden);
      item.appendChild(text);
      item.appendChild(remove);
      chosen.appendChild(item);
    }

    function show(people) {
      results.innerHTML = "";
      if (!people.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = emptyLabel;
        results.appendChild(none);
        return;
      }
      people.forEach(function (person) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "picker-option";
        button.setAttribute("data-code", person.code);
        button.textContent = (person.code + " " + (person.label || "")).trim();
        if (isChosen(person.code)) { button.disabled = true; }
        button.addEventListener("click", function () {
          add(person);
          button.disabled = true;
          input.value = "";
          results.innerHTML = "";
          input.focus();
        });
        li.appendChild(button);
        results.appendChild(li);
      });
    }

    var search = debounce(function (query) {
      if (!query) { results.innerHTML = ""; return; }
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() === query) { show(data.results || []); }
        })
        .catch(function () { results.innerHTML = ""; });
    }, 200);

    input.addEventListener("input", function () { search(input.value.trim()); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = results.querySelector("button.picker-option:not([disabled])");
        if (first) { first.click(); }
      }
    });
    chosen.addEventListener("click", function (event) {
      var target = event.target;
      if (target && target.hasAttribute("data-picker-remove")) {
        var item = target.closest("li");
        if (item) { item.parentNode.removeChild(item); }
        input.focus();
      }
    });
  }

  function setupKind(form) {
    var radios = form.querySelectorAll('input[name="kind"]');
    function update() {
      var checked = form.querySelector('input[name="kind"]:checked');
      var kind = checked ? checked.value : "";
      form.querySelectorAll("[data-kind-only]").forEach(function (el) {
        el.hidden = el.getAttribute("data-kind-only") !== kind;
      });
      form.querySelectorAll("[data-kind-hide]").forEach(function (el) {
        el.hidden = el.getAttribute("data-kind-hide") === kind;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function setupDurations(form) {
    var field = form.querySelector('input[name="duration_minutes"]');
    form.querySelectorAll("[data-duration]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (field) { field.value = button.getAttribute("data-duration"); }
      });
    });
  }

  function setupThemeFilter(form) {
    var input = form.querySelector("[data-theme-filter]");
    if (!input) { return; }
    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      input.parentNode.querySelectorAll("label[for]").forEach(function (label) {
        if (label.classList.contains("visually-hidden")) { return; }
        label.hidden = query !== "" && fold(label.textContent).indexOf(query) === -1;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-picker]").forEach(setupPicker);
    document.querySelectorAll("form.log-form").forEach(function (form) {
      setupKind(form);
      setupDurations(form);
      setupThemeFilter(form);
    });
  });
})();
