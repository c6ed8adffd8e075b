// Live suggestions for search boxes marked data-suggest, from /api/entities?q= (same origin).
// data-suggest="entity" links to entity pages; "graph" recentres the graph, keeping its filters.
(function () {
  "use strict";
  function entitiesOf(payload) {
    if (Array.isArray(payload)) return payload;
    return payload.entities || payload.results || payload.items || [];
  }
  function hrefFor(mode, id) {
    if (mode === "graph") {
      const url = new URL(window.location.href);
      url.searchParams.set("center", id);
      return url.pathname + url.search;
    }
    return "/entity/" + id.split("/").map(encodeURIComponent).join("/");
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const mode = input.dataset.suggest;
    let timer = null;
    let lastQuery = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const q = input.value.trim();
        if (q === lastQuery) return;
        lastQuery = q;
        if (q.length < 2) {
          list.hidden = true;
          return;
        }
        fetch("/api/entities?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (payload) {
            list.replaceChildren();
            entitiesOf(payload).forEach(function (hit) {
              const item = document.createElement("li");
              const link = document.createElement("a");
              link.href = hrefFor(mode, hit.id);
              link.textContent = hit.label + " (" + hit.kind + ")";
              item.appendChild(link);
              list.appendChild(item);
            });
            list.hidden = list.children.length === 0;
          })
          .catch(function () { list.hidden = true; });
      }, 200);
    });
  });
})();
