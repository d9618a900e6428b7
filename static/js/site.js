// Wide screens show the menu open; phones keep it behind the "Menu" button.
(function () {
  var toggle = document.querySelector(".nav-toggle");
  if (!toggle) return;
  var wide = window.matchMedia("(min-width: 60rem)");
  function apply() {
    toggle.open = wide.matches;
    toggle.classList.toggle("nav-desktop", wide.matches);
  }
  apply();
  wide.addEventListener("change", apply);
})();

// Print buttons (no inline handlers: the Content-Security-Policy refuses them).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
