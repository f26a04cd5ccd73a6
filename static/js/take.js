/* Taking a quiz, made smoother: answers are saved as they are given, and a countdown shows
   the time left. Without this file the page still works: every button saves the form.
   The server enforces the deadline; this timer only shows it. */
(function () {
  "use strict";

  var form = document.getElementById("take-form");
  var status = document.getElementById("save-status");
  if (!form || !status) { return; }

  var saveUrl = form.dataset.saveUrl;
  var resultUrl = form.dataset.resultUrl;
  var token = form.querySelector("input[name=csrf_token]");
  var pending = {};          // item id -> true while its latest state is not saved
  var timerId = null;
  var retryDelay = 2000;
  var closed = false;

  function say(text) { status.textContent = text; }

  function fieldsOf(fieldset) {
    var data = new FormData();
    data.append("item", fieldset.dataset.item);
    fieldset.querySelectorAll("input, select").forEach(function (el) {
      if (!el.name || el.disabled) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      data.append(el.name, el.value);
    });
    return data;
  }

  function saveItem(itemId) {
    if (closed) { return; }
    var fieldset = form.querySelector('fieldset[data-item="' + itemId + '"]');
    if (!fieldset) { return; }
    pending[itemId] = true;
    say("Saving…");
    fetch(saveUrl, {
      method: "POST",
      body: fieldsOf(fieldset),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          delete pending[itemId];
          retryDelay = 2000;
          if (Object.keys(pending).length === 0) { say("Saved"); }
          markAnswered(fieldset);
        } else if (response.status === 409) {
          closed = true;
          say(body.error || "This attempt is finished.");
          window.setTimeout(function () { window.location.assign(body.redirect || resultUrl); }, 1500);
        } else {
          delete pending[itemId];
          say((body.error || "That answer could not be saved.") + " Check it and try again.");
        }
      });
    }).catch(function () {
      say("You seem to be offline: your answer will be saved when the connection is back.");
      window.setTimeout(function () { if (pending[itemId]) { saveItem(itemId); } }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function isAnswered(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, select"), function (el) {
      if (el.type === "radio") { return el.checked; }
      return el.type !== "hidden" && el.value.trim() !== "";
    });
  }

  function markAnswered(fieldset) {
    var button = form.querySelector('.qnav-button[aria-current="step"]');
    if (button) { button.classList.toggle("answered", isAnswered(fieldset)); }
  }

  function unanswered() {
    var nav = form.querySelectorAll(".qnav-button");
    if (nav.length) { return form.querySelectorAll(".qnav-button:not(.answered)").length; }
    return Array.prototype.filter.call(form.querySelectorAll("fieldset[data-item]"),
                                       function (f) { return !isAnswered(f); }).length;
  }

  if (form.dataset.autosave === "on") {
    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset[data-item]");
      if (fieldset) { saveItem(fieldset.dataset.item); }
    });
    window.addEventListener("online", function () {
      Object.keys(pending).forEach(saveItem);
    });
    window.addEventListener("beforeunload", function (event) {
      if (Object.keys(pending).length && !closed) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.id === "submit-button" && !closed) {
      var current = form.querySelector("fieldset[data-item]");
      if (current) { markAnswered(current); }
      var blank = unanswered();
      if (blank && !window.confirm(blank + " question(s) have no answer. Submit anyway?")) {
        event.preventDefault();
        return;
      }
    }
    closed = true;  // the page is leaving; the form itself carries the answers
  });

  /* The countdown. */
  var timer = document.getElementById("timer");
  if (timer && timer.dataset.deadline) {
    var deadline = new Date(timer.dataset.deadline).getTime();
    var left = timer.querySelector(".timer-left");
    var previous = null;
    var tick = function () {
      var ms = deadline - Date.now();
      if (ms <= 0) {
        left.textContent = "0:00";
        window.clearInterval(timerId);
        say("Time is up: your answers are being submitted.");
        var submit = document.getElementById("submit-button");
        if (submit && !closed) { closed = true; form.action = submit.formAction; form.submit(); }
        return;
      }
      var s = Math.floor(ms / 1000);
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      left.textContent = (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(sec).padStart(2, "0");
      [5, 1].forEach(function (mins) {
        if (previous !== null && previous > mins * 60 && s <= mins * 60) {
          say(mins + (mins === 1 ? " minute" : " minutes") + " left.");
        }
      });
      previous = s;
      timer.classList.toggle("timer-low", s <= 60);
    };
    tick();
    timerId = window.setInterval(tick, 1000);
  }
})();
