// Draws the network embedded in #graph-data with the locally served vis-network.
// window.dipkgGraph exposes the network and a `ready` flag (set once drawn) for the browser test.
(function () {
  "use strict";
  const container = document.getElementById("graph");
  const source = document.getElementById("graph-data");
  if (!container || !source || typeof vis === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const state = { network: network, nodes: nodes, edges: edges, ready: false, stabilized: false };
  window.dipkgGraph = state;

  // Recentring keeps every filter of the current URL and only swaps the center.
  state.recentre = function (id) {
    const url = new URL(window.location.href);
    url.searchParams.set("center", id);
    window.location.assign(url.toString());
  };

  network.once("afterDrawing", function () {
    state.ready = true;
    document.body.dataset.graphReady = "true";
  });
  network.once("stabilized", function () {
    state.stabilized = true;
  });

  const details = document.getElementById("details");
  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      state.recentre(params.nodes[0]);
    } else if (params.edges.length > 0 && details) {
      // A click pins the evidence of a relation below the graph, where it can be read and copied.
      details.textContent = edges.get(params.edges[0]).title || "";
      details.hidden = false;
    }
  });
})();
