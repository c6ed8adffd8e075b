// Article page: clicking marked evidence picks out its facts beside the text; a fact's link picks out its mark.
(function () {
  "use strict";
  function select(markId, factIds) {
    document.querySelectorAll(".evidence-mark.active, .relation.active").forEach(function (el) {
      el.classList.remove("active");
    });
    const mark = markId && document.getElementById(markId);
    if (mark) mark.classList.add("active");
    factIds.forEach(function (id, i) {
      const item = document.getElementById("fact-" + id);
      if (!item) return;
      item.classList.add("active");
      if (i === 0) item.scrollIntoView({ block: "nearest" });
    });
  }
  document.querySelectorAll(".evidence-mark").forEach(function (mark) {
    mark.addEventListener("click", function () {
      select(mark.id, mark.dataset.facts.split(" "));
    });
  });
  document.querySelectorAll(".goto-evidence").forEach(function (link) {
    link.addEventListener("click", function () {
      const item = link.closest(".relation");
      select(link.getAttribute("href").slice(1), [item.id.slice(5)]);
    });
  });
})();
