// Draws the network embedded in #graph-data with the locally served vis-network.
// Parallel facts between one pair are drawn as one bold edge with a count, expanded on click.
// window.dipkgGraph exposes the network, its data sets and flags (ready, stabilized) for the browser tests.
(function () {
  "use strict";
  const container = document.getElementById("graph");
  const source = document.getElementById("graph-data");
  if (!container || !source || typeof vis === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const facts = data.edges;
  const pairKey = function (e) {
    return [e.from, e.to].sort().join("\u0001");
  };
  const groups = new Map();
  let upTo = null; // the date slider's month: facts dated later are hidden (undated ones stay)
  function regroup() {
    groups.clear();
    facts.forEach(function (e) {
      if (upTo && e.date && e.date.slice(0, 7) > upTo) return;
      const key = pairKey(e);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    });
  }
  regroup();
  const expanded = new Set();

  function typeSummary(list) {
    const counts = new Map();
    list.forEach(function (e) {
      counts.set(e.fact_type, (counts.get(e.fact_type) || 0) + 1);
    });
    return Array.from(counts, function (kv) {
      return kv[0].replace("_", " ") + (kv[1] > 1 ? " ×" + kv[1] : "");
    }).join(", ");
  }

  function visibleEdges() {
    const out = [];
    groups.forEach(function (list, key) {
      if (list.length === 1 || expanded.has(key)) {
        list.forEach(function (e) {
          out.push(Object.assign({}, e, { group_key: key }));
        });
        return;
      }
      const first = list[0];
      out.push({
        id: "group:" + key,
        from: first.from,
        to: first.to,
        label: list.length + " facts",
        title: list.length + " facts: " + typeSummary(list) + "\nclick to expand",
        width: Math.min(2 + list.length, 9),
        color: { color: "#5b6475" },
        arrows: "",
        group_key: key,
        collapsed: true,
        smooth: false,
        count: list.length,
        font: { size: 12, strokeWidth: 4 },
      });
    });
    return out;
  }

  // Size nodes and labels by connectedness; vis hides labels drawn smaller than drawThreshold when zoomed out.
  data.nodes.forEach(function (n) {
    // With size=centrality the server sends each node's betweenness: brokers are drawn largest.
    n.value = n.centrality != null ? n.centrality : (n.degree || 0) + (n.borderWidth > 1 ? 6 : 1);
    delete n.size;
  });
  const options = Object.assign({}, data.options);
  options.nodes = Object.assign({}, options.nodes, {
    scaling: { min: 12, max: 36, label: { enabled: true, min: 12, max: 24, drawThreshold: 7, maxVisible: 28 } },
  });

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(visibleEdges());
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  const state = { network: network, nodes: nodes, edges: edges, facts: facts, ready: false, stabilized: false };
  window.dipkgGraph = state;

  // Recentring keeps every filter of the current URL and only swaps the center.
  state.recentre = function (id) {
    const url = new URL(window.location.href);
    url.searchParams.set("center", id);
    window.location.assign(url.toString());
  };
  state.expand = function (key) {
    expanded.add(key);
    edges.remove(edges.getIds({ filter: function (e) { return e.group_key === key && e.collapsed; } }));
    edges.add(groups.get(key).map(function (e) { return Object.assign({}, e, { group_key: key }); }));
  };
  state.collapseAll = function () {
    expanded.clear();
    edges.clear();
    edges.add(visibleEdges());
  };

  network.once("afterDrawing", function () {
    state.ready = true;
    document.body.dataset.graphReady = "true";
  });
  // Once laid out the nodes stay put: expanding an edge or opening the evidence pane must not move them,
  // and a layout that keeps trembling would never report "stabilized".
  function settle() {
    if (state.stabilized) return;
    network.setOptions({ physics: { enabled: false } });
    state.stabilized = true;
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);

  const details = document.getElementById("details");
  const detailsText = document.getElementById("details-text");
  const detailsArticle = document.getElementById("details-article");
  function showDetails(edge) {
    if (!details) return;
    detailsText.textContent = edge.title || "";
    if (edge.article) {
      detailsArticle.href = "/article/" + encodeURIComponent(edge.article) + "#fact-" + edge.id;
      detailsArticle.hidden = false;
    } else {
      detailsArticle.hidden = true;
    }
    details.hidden = false;
  }
  const closeButton = document.getElementById("details-close");
  if (closeButton) {
    closeButton.addEventListener("click", function () {
      details.hidden = true;
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && details) details.hidden = true;
  });

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      state.recentre(params.nodes[0]);
    } else if (params.edges.length > 0) {
      const edge = edges.get(params.edges[0]);
      if (edge && edge.collapsed) {
        state.expand(edge.group_key);
      } else if (edge) {
        // A click pins the evidence of a relation over the graph, where it can be read and copied.
        showDetails(edge);
      }
    }
  });

  // The date slider: one step per month between the first and the last dated fact.
  const slider = document.getElementById("date-slider");
  const sliderLabel = document.getElementById("date-slider-value");
  const months = [];
  const dated = facts.filter(function (e) { return e.date && e.date.length >= 7; }).map(function (e) {
    return e.date.slice(0, 7);
  }).sort();
  if (dated.length) {
    let y = +dated[0].slice(0, 4), m = +dated[0].slice(5, 7);
    const last = dated[dated.length - 1];
    for (;;) {
      const key = y + "-" + String(m).padStart(2, "0");
      if (key > last) break;
      months.push(key);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
  }
  state.months = months;
  state.shownFacts = function () {
    return Array.from(groups.values()).flat();
  };
  state.showUpTo = function (month) {
    upTo = month;
    regroup();
    edges.clear();
    edges.add(visibleEdges());
    if (sliderLabel) sliderLabel.textContent = month ? "up to " + month : "all dates";
  };
  if (slider && months.length > 1) {
    slider.max = String(months.length - 1);
    slider.value = slider.max;
    slider.closest(".date-slider").hidden = false;
    slider.addEventListener("input", function () {
      const i = +slider.value;
      state.showUpTo(i >= months.length - 1 ? null : months[i]);
    });
  }

  const collapse = document.getElementById("collapse-all");
  if (collapse) collapse.addEventListener("click", state.collapseAll);

  // Exports: the drawn canvas as PNG; the full data (every fact) as GraphML or JSON.
  function xml(text) {
    return String(text == null ? "" : text).replace(/[<>&"]/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" }[c];
    });
  }
  state.graphml = function () {
    const keys = [["label", "node"], ["kind", "node"], ["type", "edge"], ["date", "edge"],
      ["modality", "edge"], ["article", "edge"], ["evidence", "edge"]];
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    keys.forEach(function (k) {
      lines.push('  <key id="' + k[0] + '" for="' + k[1] + '" attr.name="' + k[0] + '" attr.type="string"/>');
    });
    lines.push('  <graph id="dipkg" edgedefault="directed">');
    data.nodes.forEach(function (n) {
      lines.push('    <node id="' + xml(n.id) + '"><data key="label">' + xml(n.label) +
        '</data><data key="kind">' + xml(n.kind) + "</data></node>");
    });
    facts.forEach(function (e) {
      const evidence = (e.title || "").split("\n").filter(function (l) { return l.charAt(0) === "“"; })[0] || "";
      lines.push('    <edge id="' + xml(e.id) + '" source="' + xml(e.from) + '" target="' + xml(e.to) + '">' +
        '<data key="type">' + xml(e.fact_type) + '</data><data key="date">' + xml(e.date) +
        '</data><data key="modality">' + xml(e.modality) + '</data><data key="article">' + xml(e.article) +
        '</data><data key="evidence">' + xml(evidence.replace(/^“|”$/g, "")) + "</data></edge>");
    });
    lines.push("  </graph>", "</graphml>");
    return lines.join("\n");
  };
  state.json = function () {
    return JSON.stringify({
      nodes: data.nodes.map(function (n) { return { id: n.id, label: n.label, kind: n.kind }; }),
      edges: facts.map(function (e) {
        return { id: e.id, source: e.from, target: e.to, type: e.fact_type, date: e.date,
          modality: e.modality, article: e.article, title: e.title };
      }),
    }, null, 2);
  };
  function blobLink(id, make, mime) {
    const link = document.getElementById(id);
    if (!link) return;
    link.addEventListener("click", function () {
      link.href = URL.createObjectURL(new Blob([make()], { type: mime }));
    });
  }
  blobLink("export-graphml", state.graphml, "application/graphml+xml");
  blobLink("export-json", state.json, "application/json");
  const png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      const canvas = container.querySelector("canvas");
      if (canvas) png.href = canvas.toDataURL("image/png");
    });
  }
})();
