// The studio editor: a small Markdown toolbar and a live preview in both frames. Without
// JavaScript the form still saves, and its Preview button fills the counter frame.
(function () {
  "use strict";
  var form = document.getElementById("studio-form");
  if (!form) return;
  var body = document.getElementById("field-body");
  var toolbar = form.querySelector(".studio-toolbar");

  // Each button wraps the selection (or a placeholder) or starts the selected lines.
  var wrap = {
    bold: ["**", "**", "bold text"],
    link: ["[", "](https://)", "link text"],
  };
  var lineStart = { heading: "## ", list: "- " };

  function edit(kind) {
    var start = body.selectionStart, end = body.selectionEnd, text = body.value;
    var chosen = text.slice(start, end);
    var result, caretFrom, caretTo;
    if (wrap[kind]) {
      var before = wrap[kind][0], after = wrap[kind][1];
      var inner = chosen || wrap[kind][2];
      result = before + inner + after;
      caretFrom = start + before.length;
      caretTo = caretFrom + inner.length;
    } else {
      var lineBegin = text.lastIndexOf("\n", start - 1) + 1;
      var lines = text.slice(lineBegin, end).split("\n");
      result = lines.map(function (line) { return lineStart[kind] + line; }).join("\n");
      start = lineBegin;
      caretFrom = caretTo = start + result.length;
    }
    body.setRangeText(result, start, end);
    body.focus();
    body.setSelectionRange(caretFrom, caretTo);
    schedule();
  }

  if (toolbar && body) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-markdown]");
      if (button) edit(button.getAttribute("data-markdown"));
    });
  }

  // Live preview: the form goes to the preview address, once into each frame.
  var timer = null;
  function refresh() {
    var action = form.getAttribute("action");
    form.setAttribute("action", form.getAttribute("data-preview"));
    ["preview-counter", "preview-phone"].forEach(function (frame) {
      form.setAttribute("target", frame);
      form.submit();
    });
    form.setAttribute("action", action);
    form.removeAttribute("target");
  }
  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 700);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
