// The bank page, smoother with JavaScript: a live progress bar while the bank is
// generated, review buttons that answer without reloading, a confirmation before
// deleting. Every feature works without it (plain forms and a meta refresh).
(function () {
  "use strict";

  function pollProgress(section) {
    var url = section.getAttribute("data-status-url");
    var bar = section.querySelector("progress");
    var text = section.querySelector("[role=status]");
    var lastAnnounced = -1;
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (s) {
          if (s.status === "ready" || s.status === "failed") { window.location.reload(); return; }
          bar.value = s.progress;
          bar.textContent = s.progress + "%";
          // Announce every 20 points, not every second, so screen readers are not flooded.
          var step = Math.floor(s.progress / 20);
          if (s.status === "running" && step !== lastAnnounced) {
            lastAnnounced = step;
            text.textContent = "Reading the document: " + s.progress + "% done.";
          }
          window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 1000);
  }

  function reviewInPlace(form, event) {
    var button = event.submitter;
    if (!button || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    var data = new FormData(form);
    data.set(button.name, button.value);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (s) {
        var card = form.closest("[data-status]");
        card.setAttribute("data-status", s.status);
        var badge = card.querySelector("[data-status-badge]");
        badge.textContent = s.label;
        badge.className = "badge " + ({ approved: "good", rejected: "bad" }[s.status] || "");
        form.querySelectorAll("button[name=status]").forEach(function (b) {
          b.setAttribute("aria-pressed", b.value === s.status ? "true" : "false");
        });
        Object.keys(s.counts).forEach(function (k) {
          var el = document.querySelector("[data-count=" + k + "]");
          if (el) { el.textContent = s.counts[k]; }
        });
        var announcer = document.getElementById("review-announcer");
        if (announcer) { announcer.textContent = "Question " + s.label.toLowerCase() + "."; }
      })
      .catch(function () {
        // Fall back to the plain form, carrying the button's value that submit() drops.
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = button.name; hidden.value = button.value;
        form.appendChild(hidden);
        form.submit();
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-status-url]");
    if (section) { pollProgress(section); }
    document.querySelectorAll("form.js-status").forEach(function (form) {
      form.addEventListener("submit", function (event) { reviewInPlace(form, event); });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
