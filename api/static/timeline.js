// Draws facts per month as stacked bars on a canvas; a click on a bar lists that month's facts.
// window.dipkgTimeline exposes the bars and a `drawn` flag for the browser tests.
(function () {
  "use strict";
  const canvas = document.getElementById("timeline-canvas");
  const source = document.getElementById("timeline-data");
  if (!canvas || !source) return;
  const data = JSON.parse(source.textContent);
  const months = data.months;
  const state = { bars: [], drawn: false };
  window.dipkgTimeline = state;

  function draw() {
    const width = canvas.parentElement.clientWidth || 800;
    const height = canvas.height;
    const ratio = window.devicePixelRatio || 1;
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    const left = 36, bottom = 40, top = 10;
    const totals = months.map(function (m) {
      return Object.values(m.counts).reduce(function (a, b) { return a + b; }, 0);
    });
    const max = Math.max(1, Math.max.apply(null, totals));
    const slot = (width - left - 10) / Math.max(months.length, 1);
    const barWidth = Math.max(4, Math.min(48, slot * 0.7));
    const scale = (height - top - bottom) / max;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = "#5b6475";
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, height - bottom);
    ctx.lineTo(width - 5, height - bottom);
    ctx.stroke();
    ctx.fillStyle = "#5b6475";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(String(max), 6, top + 10);
    ctx.fillText("0", 20, height - bottom);
    state.bars = [];
    const labelEvery = Math.ceil(months.length / Math.max(1, Math.floor((width - left) / 60)));
    months.forEach(function (m, i) {
      const x = left + i * slot + (slot - barWidth) / 2;
      let y = height - bottom;
      data.types.forEach(function (t) {
        const n = m.counts[t] || 0;
        if (!n) return;
        ctx.fillStyle = data.colors[t] || "#555";
        ctx.fillRect(x, y - n * scale, barWidth, n * scale);
        y -= n * scale;
      });
      state.bars.push({ month: m.month, x: x, y: y, width: barWidth, height: height - bottom - y, total: totals[i] });
      if (i % labelEvery === 0) {
        ctx.fillStyle = "#1d2330";
        ctx.fillText(m.month, x - 8, height - bottom + 16);
      }
    });
    state.drawn = true;
    canvas.dataset.drawn = "true";
  }

  function monthFacts(month) {
    // That month's facts from the REST API: the entity's, or the pair's (either direction).
    const query = new URLSearchParams({ entity: data.entity, since: month, until: month, limit: "1000" });
    if (data["with"]) query.set("with", data["with"]);
    return fetch("/api/relations?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        // a month's facts are those dated to it (the API also keeps a year-only date overlapping it)
        return (body.relations || []).filter(function (f) { return f.date && f.date.slice(0, 7) === month; });
      });
  }

  function entityLink(end) {
    const a = document.createElement("a");
    a.href = "/entity/" + String(end.id).split("/").map(encodeURIComponent).join("/");
    a.textContent = end.label || end.id;
    return a;
  }

  function showMonth(index) {
    const m = months[index];
    const heading = document.getElementById("month-heading");
    const list = document.getElementById("month-facts");
    state.loading = true;
    return monthFacts(m.month).then(function (facts) {
      facts.sort(function (a, b) { return (a.date + a.type + a.id).localeCompare(b.date + b.type + b.id); });
      heading.textContent = m.month + ": " + facts.length + " fact" + (facts.length === 1 ? "" : "s");
      heading.hidden = false;
      list.textContent = "";
      facts.forEach(function (f) {
        const li = document.createElement("li");
        li.className = "relation modality-" + f.modality;
        const head = document.createElement("div");
        head.className = "relation-head";
        if (f.subject) head.append(entityLink(f.subject));
        head.append(" — " + f.type.replace("_", " ") + " → ");
        if (f.object) head.append(entityLink(f.object));
        head.append(" " + (f.date || "") + (f.modality !== "asserted" ? " (" + f.modality + ")" : ""));
        const quote = document.createElement("a");
        quote.className = "evidence";
        quote.href = "/article/" + encodeURIComponent(f.article) + "#fact-" + f.id;
        quote.textContent = f.evidence;
        li.append(head, quote);
        list.append(li);
      });
      state.loading = false;
    });
  }
  state.showMonth = showMonth;

  canvas.addEventListener("click", function (event) {
    const box = canvas.getBoundingClientRect();
    const x = event.clientX - box.left;
    const hit = state.bars.findIndex(function (b) { return x >= b.x - 2 && x <= b.x + b.width + 2 && b.total > 0; });
    if (hit >= 0) showMonth(hit);
  });
  draw();
  window.addEventListener("resize", draw);
})();
