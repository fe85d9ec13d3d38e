// The workflow diagram, drawn as SVG from the `workflows` query's states and transitions:
// states in columns by their distance from the initial state, moves as arrows labelled with
// their triggers, milestones with a double border, the current state filled.

const NS = "http://www.w3.org/2000/svg";
const BOX_W = 200;
const BOX_H = 38;
const COL_GAP = 110;
const ROW_GAP = 56;
const PAD = 24;

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Columns by distance from the initial state along the ordinary moves (those that need no
// reason); the states only exceptional moves reach (suspend, withdraw, dissolve...) go in a row
// of their own below, in the column after the earliest state that leads there.
function layout(definition) {
  const depth = new Map();
  const initial = definition.states.find((s) => s.initial) || definition.states[0];
  const walk = (moves) => {
    const queue = [...depth.keys()];
    while (queue.length) {
      const from = queue.shift();
      for (const t of moves) {
        if (!t.fromStates.includes(from)) continue;
        for (const to of t.toStates) {
          if (!depth.has(to)) {
            depth.set(to, depth.get(from) + 1);
            queue.push(to);
          }
        }
      }
    }
  };
  depth.set(initial.name, 0);
  walk(definition.transitions.filter((t) => !t.reasonRequired));
  const main = new Set(depth.keys());
  walk(definition.transitions);
  let last = Math.max(0, ...depth.values());
  for (const s of definition.states) if (!depth.has(s.name)) depth.set(s.name, ++last);

  const columns = new Map();
  for (const s of definition.states.filter((x) => main.has(x.name))) {
    const d = depth.get(s.name);
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(s.name);
  }
  const rows = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const cell = new Map();
  for (const [d, names] of columns) names.forEach((name, i) => cell.set(name, { col: d, row: i }));
  const taken = new Set();
  const side = definition.states.filter((x) => !main.has(x.name));
  side.sort((a, b) => depth.get(a.name) - depth.get(b.name));
  for (const s of side) {
    let col = depth.get(s.name);
    while (taken.has(col)) col += 1;
    taken.add(col);
    cell.set(s.name, { col, row: rows });
  }
  return { cell, rows: rows + (side.length ? 1 : 0), cols: Math.max(...[...cell.values()].map((c) => c.col)) + 1 };
}

export function drawWorkflow(definition, current = null) {
  const { cell, rows, cols } = layout(definition);
  const width = PAD * 2 + cols * BOX_W + (cols - 1) * COL_GAP;
  const height = PAD * 2 + rows * BOX_H + (rows - 1) * ROW_GAP + 50;
  const pos = new Map();
  for (const [name, c] of cell) {
    pos.set(name, { x: PAD + c.col * (BOX_W + COL_GAP), y: PAD + 20 + c.row * (BOX_H + ROW_GAP) });
  }

  const svg = el("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    class: "diagram",
    "aria-label": `Workflow ${definition.name}: ${definition.states.length} states${
      current ? `, current state ${current}` : ""
    }`,
  });
  const defs = el("defs");
  const marker = el("marker", {
    id: `arrow-${definition.name}`,
    viewBox: "0 0 10 10",
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: "auto-start-reverse",
  });
  marker.append(el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" }));
  defs.append(marker);
  svg.append(defs);

  // One arrow per (from, to) pair, labelled with every trigger that takes it.
  const edges = new Map();
  for (const t of definition.transitions) {
    for (const from of t.fromStates) {
      for (const to of t.toStates) {
        if (from === to) continue;
        const key = `${from}\u0000${to}`;
        if (!edges.has(key)) edges.set(key, { from, to, triggers: [] });
        const triggers = edges.get(key).triggers;
        if (!triggers.includes(t.trigger)) triggers.push(t.trigger);
      }
    }
  }
  const edgeGroup = el("g", { class: "edges" });
  for (const { from, to, triggers } of edges.values()) {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) continue;
    let d;
    let lx;
    let ly;
    if (b.x > a.x && b.x - a.x <= BOX_W + COL_GAP && Math.abs(b.y - a.y) < BOX_H) {
      // Forward in the same row: side to side.
      const x1 = a.x + BOX_W;
      const y1 = a.y + BOX_H / 2;
      const x2 = b.x;
      const y2 = b.y + BOX_H / 2;
      d = `M ${x1} ${y1} L ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = y1 - 5;
    } else if (Math.abs(b.y - a.y) >= BOX_H) {
      // To another row: from the facing edge of one box to the facing edge of the other.
      const down = b.y > a.y;
      const x1 = a.x + BOX_W / 2 + (b.x === a.x ? (down ? -14 : 14) : b.x > a.x ? 30 : -30);
      const x2 = b.x + BOX_W / 2 + (b.x === a.x ? (down ? -14 : 14) : b.x > a.x ? -30 : 30);
      const y1 = down ? a.y + BOX_H : a.y;
      const y2 = down ? b.y : b.y + BOX_H;
      const mid = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = mid + 3;
    } else if (b.x === a.x) {
      // Straight up or down the column.
      const down = b.y > a.y;
      const shift = down ? -12 : 12;
      const x1 = a.x + BOX_W / 2 + shift;
      const y1 = down ? a.y + BOX_H : a.y;
      const y2 = down ? b.y : b.y + BOX_H;
      d = `M ${x1} ${y1} L ${x1} ${y2}`;
      lx = x1 + (down ? -4 : 4);
      ly = (y1 + y2) / 2 + 3;
    } else {
      // Backward: an arc below the row of the lower box, or above the top row.
      const below = a.y > PAD + 20 || b.y > PAD + 20;
      const x1 = a.x + BOX_W / 2 + 14;
      const x2 = b.x + BOX_W / 2 + 14;
      const y1 = below ? a.y + BOX_H : a.y;
      const y2 = below ? b.y + BOX_H : b.y;
      const bend = below ? Math.max(y1, y2) + 26 : Math.min(y1, y2) - 22;
      d = `M ${x1} ${y1} C ${x1} ${bend}, ${x2} ${bend}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = bend + (below ? -4 : 8);
    }
    const g = el("g", { class: "edge" });
    g.append(el("path", { d, "marker-end": `url(#arrow-${definition.name})` }));
    g.append(el("text", { x: lx, y: ly, "text-anchor": "middle" }, triggers.join(", ")));
    g.append(el("title", {}, `${from} → ${to}: ${triggers.join(", ")}`));
    edgeGroup.append(g);
  }
  svg.append(edgeGroup);

  const stateGroup = el("g", { class: "states" });
  for (const s of definition.states) {
    const p = pos.get(s.name);
    const classes = ["state"];
    if (s.name === current) classes.push("current");
    if (s.milestone) classes.push("milestone");
    if (s.initial) classes.push("initial");
    const g = el("g", { class: classes.join(" ") });
    g.append(el("rect", { x: p.x, y: p.y, width: BOX_W, height: BOX_H, rx: 8 }));
    if (s.milestone) {
      g.append(
        el("rect", { x: p.x + 3, y: p.y + 3, width: BOX_W - 6, height: BOX_H - 6, rx: 6, class: "inner" }),
      );
    }
    g.append(
      el("text", { x: p.x + BOX_W / 2, y: p.y + BOX_H / 2 + 4, "text-anchor": "middle" }, s.name),
    );
    const notes = [s.initial && "initial", s.milestone && "milestone", s.name === current && "current state"]
      .filter(Boolean)
      .join(", ");
    g.append(el("title", {}, notes ? `${s.name} (${notes})` : s.name));
    if (s.name === current) {
      g.append(el("text", { x: p.x + BOX_W / 2, y: p.y - 6, "text-anchor": "middle", class: "here" }, "▼ here"));
    }
    stateGroup.append(g);
  }
  svg.append(stateGroup);
  return svg;
}
