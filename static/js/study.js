/* Studying with the keyboard alone. Without this file every step still works: "Show
   answer" is a link-like GET form, each rating and undo a POST form, and the page focuses
   the button to press next, so Space or Enter already shows the answer and rates Good.
   This adds: 1-4 rate, U (or Ctrl+Z) undoes, Space/Enter work wherever focus is, and a
   key pressed twice while the next page loads is not sent twice. */
(function () {
  "use strict";

  var root = document.getElementById("study");
  if (!root) { return; }
  var sent = false;

  function typing(el) {
    if (!el || !el.tagName) { return false; }
    var tag = el.tagName.toLowerCase();
    return tag === "textarea" || tag === "select" || el.isContentEditable ||
      (tag === "input" && el.type !== "radio" && el.type !== "checkbox" &&
       el.type !== "submit" && el.type !== "button");
  }

  function activates(el) {
    // Space and Enter already press a focused button or link, or pick a radio button.
    if (!el || !el.closest) { return false; }
    return Boolean(el.closest("button, a[href], summary, input"));
  }

  function press(button) {
    if (!button || button.disabled || sent) { return false; }
    button.click();
    return true;
  }

  function byId(id) { return document.getElementById(id); }

  function ratingButton(key) {
    return root.querySelector('button[name="rating"][value="' + key + '"]');
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.metaKey || event.isComposing) { return; }
    var key = event.key;
    var target = event.target;
    if (event.ctrlKey) {
      if ((key === "z" || key === "Z") && !typing(target) && press(byId("study-undo"))) {
        event.preventDefault();
      }
      return;
    }
    if (typing(target)) { return; }  // Enter in the answer box submits it: the form does that
    if (key === " " || key === "Enter") {
      if (activates(target)) { return; }
      var next = byId("study-reveal") || root.querySelector("button.is-proposed");
      if (press(next)) { event.preventDefault(); }
      return;
    }
    if (/^[1-4]$/.test(key)) {
      if (press(ratingButton(key))) { event.preventDefault(); }
      return;
    }
    if ((key === "u" || key === "U") && press(byId("study-undo"))) {
      event.preventDefault();
    }
  });

  // One submission per page: a second key press while the next card loads does nothing.
  root.addEventListener("submit", function (event) {
    if (sent) { event.preventDefault(); return; }
    sent = true;
  }, true);

  // Coming back with the back button shows a page from the cache: let it be used again.
  window.addEventListener("pageshow", function () { sent = false; });
})();
