// ptpserver's dashboard: polls the JSON API and draws tables and SVG plots. Every value that came
// from a client (ids, addresses, META) reaches the page as text (textContent, SVG text nodes),
// never as markup, so a META holding HTML shows as the characters it is.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const token = new URLSearchParams(location.hash.slice(1)).get("token");
let pollMillis = 2000;
let live = null;
let stats = null;
let matrix = null;

async function get(path) {
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const r = await fetch(path, { headers, cache: "no-store" });
  if (!r.ok) {
    throw new Error(path + ": HTTP " + r.status);
  }
  return r.json();
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function row(cells) {
  const tr = document.createElement("tr");
  cells.forEach(c => tr.appendChild(c instanceof Node ? c : el("td", c)));
  return tr;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function short(id) {
  return id ? id.slice(0, 8) : "-";
}

function ago(ms) {
  return Math.max(0, Math.round((Date.now() - ms) / 1000)) + " s ago";
}

function quality(rtt, loss) {
  if (rtt === null || rtt < 0) {
    return "q-none";
  }
  if (rtt < 50 && loss < 0.01) {
    return "q-good";
  }
  return rtt < 150 && loss < 0.05 ? "q-fair" : "q-poor";
}

function metaText(meta) {
  return meta === null || meta === undefined ? "-" : typeof meta === "string" ? meta : JSON.stringify(meta);
}

function drawCounters() {
  const items = [["clients", live.clients], ["publications", live.publications], ["datagrams in", live.datagramsIn],
    ["datagrams out", live.datagramsOut], ["relayed datagrams", live.relay.datagrams], ["relayed bytes", live.relay.bytes],
    ["dropped", Object.values(live.drops).reduce((a, b) => a + b, 0)], ["peer reports stored", stats ? stats.reports : "-"]];
  document.getElementById("counters").replaceChildren(...items.map(([name, value]) => {
    const d = el("div", name, "counter");
    d.prepend(el("b", value));
    return d;
  }));
}

function relayed(c) {
  return c.relayedDatagrams === 0 ? "0" : c.relayedDatagrams + " (" + c.relayedBytes + " bytes)";
}

function drawClients() {
  const known = new Map((stats ? stats.clients : []).map(c => [c.id, c]));
  // the live view lists the first 1000 registered clients: say so when there are more
  document.getElementById("client-count").textContent = live.registered.length < live.clients
    ? "(" + live.clients + "; the first " + live.registered.length + " listed)" : "(" + live.clients + ")";
  fill(document.querySelector("#clients tbody"), live.registered.map(c => {
    const id = el("td", short(c.id));
    id.title = c.id;
    id.dataset.id = c.id;
    const stored = known.get(c.id);
    const meta = el("td", metaText(stored ? stored.lastMeta : null), "meta");
    meta.title = meta.textContent;
    return row([id, c.external, c.internal, c.nat, c.translated ? "yes" : "no", c.mapped, c.software, c.keying,
      c.rttMillis < 0 ? "-" : c.rttMillis + " ms", relayed(c), ago(c.lastSeen), meta]);
  }));
}

// The server sends the first clients only and says how many it left out (WebDefaults.MATRIX_CLIENTS).
function drawMatrix() {
  const ids = matrix.clients;
  document.getElementById("matrix-note").textContent = matrix.leftOut > 0
    ? "the first " + ids.length + " clients; " + matrix.leftOut + " more not shown" : "";
  const cells = new Map(matrix.cells.map(p => [p.reporter + " " + p.peer, p]));
  const head = row([el("th", "reporter \\ peer"), ...ids.map(id => { const th = el("th", short(id)); th.title = id; return th; })]);
  document.querySelector("#matrix thead").replaceChildren(head);
  fill(document.querySelector("#matrix tbody"), ids.map(r => {
    const th = el("th", short(r));
    th.title = r;
    return row([th, ...ids.map(c => {
      if (c === r) {
        return el("td", "", "q-none");
      }
      const p = cells.get(r + " " + c);
      if (!p) {
        return el("td", "no report", "q-none cell");
      }
      const rtt = p.rttLast < 0 ? null : p.rttMean;
      const td = el("td", (rtt === null ? "-" : rtt.toFixed(1) + " ms") + " / " + (100 * p.lossRatio).toFixed(1) + "%",
        quality(rtt, p.lossRatio) + " cell");
      td.title = "sent " + p.sent + ", acked " + p.acked + ", lost " + p.lost + ", jitter " + p.jitter.toFixed(1) + " ms";
      return td;
    })]);
  }));
}

function drawDrops() {
  const stored = stats ? stats.drops : {};
  const reasons = [...new Set([...Object.keys(live.drops), ...Object.keys(stored)])].sort();
  fill(document.querySelector("#drops tbody"), reasons.length === 0 ? [row(["none", "0", "0"])]
    : reasons.map(r => row([r, live.drops[r] || 0, stored[r] || 0])));
}

function drawKnown() {
  fill(document.querySelector("#known tbody"), (stats ? stats.clients : []).map(c => {
    const id = el("td", short(c.id));
    id.title = c.id;
    const meta = el("td", metaText(c.lastMeta), "meta");
    meta.title = meta.textContent;
    return row([id, c.joins, c.departures, c.lastDeparture || "-", meta]);
  }));
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

// One series as a line over [from, to]; a bucket without a value breaks the line.
function plot(target, history, key, scale, unit, cls) {
  const w = 600, h = 180, left = 50, bottom = 20, top = 10;
  const values = history.points.map(p => p[key]).filter(v => v !== null).map(v => v * scale);
  const max = Math.max(unit === "%" ? 1 : 10, ...values) * 1.1;
  const x = t => left + (w - left - 10) * (t - history.from) / (history.to - history.from);
  const y = v => h - bottom - (h - bottom - top) * v / max;
  const parts = [svg("line", { x1: left, y1: h - bottom, x2: w - 10, y2: h - bottom, class: "axis" }),
    svg("line", { x1: left, y1: top, x2: left, y2: h - bottom, class: "axis" }),
    svg("text", { x: 4, y: top + 10 }, max.toFixed(unit === "%" ? 1 : 0) + " " + unit),
    svg("text", { x: 4, y: h - bottom }, "0"),
    svg("text", { x: left, y: h - 4 }, new Date(history.from).toLocaleString()),
    svg("text", { x: w - 140, y: h - 4 }, new Date(history.to).toLocaleTimeString())];
  let d = "";
  let pen = "M";
  history.points.forEach(p => {
    if (p[key] === null) {
      pen = "M";
      return;
    }
    d += pen + x(p.at).toFixed(1) + "," + y(p[key] * scale).toFixed(1) + " ";
    pen = "L";
  });
  if (d) {
    parts.push(svg("path", { d, class: "line " + cls }));
    history.points.filter(p => p[key] !== null).slice(-1).forEach(p =>
      parts.push(svg("circle", { cx: x(p.at), cy: y(p[key] * scale), r: 3, class: cls })));
  } else {
    parts.push(svg("text", { x: w / 2 - 60, y: h / 2 }, "no reports in this range"));
  }
  target.replaceChildren(...parts);
}

async function drawPlots() {
  const select = document.getElementById("plot-client");
  const chosen = select.value;
  const ids = live.registered.map(c => c.id);
  select.replaceChildren(...ids.map(id => { const o = el("option", short(id)); o.value = id; return o; }));
  if (ids.length === 0) {
    return;
  }
  select.value = ids.includes(chosen) ? chosen : ids[0];
  const range = document.getElementById("plot-range").value;
  const history = await get("api/history?client=" + encodeURIComponent(select.value) + "&range=" + range);
  plot(document.getElementById("plot-rtt"), history, "rttMillis", 1, "ms", "rtt");
  plot(document.getElementById("plot-loss"), history, "lossRatio", 100, "%", "loss");
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    [live, stats, matrix] = await Promise.all([get("api/live"), get("api/stats"), get("api/matrix")]);
    pollMillis = live.pollMillis;
    drawCounters();
    drawClients();
    drawMatrix();
    drawDrops();
    drawKnown();
    await drawPlots();
    status.textContent = "updated " + new Date(live.takenAt).toLocaleTimeString();
    status.className = "";
  } catch (e) {
    status.textContent = "cannot update: " + e.message;
    status.className = "error";
  }
  setTimeout(refresh, pollMillis);
}

document.getElementById("plot-client").addEventListener("change", () => live && drawPlots());
document.getElementById("plot-range").addEventListener("change", () => live && drawPlots());
refresh();
