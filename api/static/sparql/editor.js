// Small comforts for the query textarea; the page works without this file (plain form POST).
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var editor = document.getElementById("query");
  if (!form || !editor) return;
  editor.addEventListener("keydown", function (event) {
    // Ctrl/Cmd+Enter runs the query, as in most SPARQL editors.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
    // Tab indents instead of leaving the editor.
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      var start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
    }
  });
})();
