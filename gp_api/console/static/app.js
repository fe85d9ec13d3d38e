// The console: sign-in, routing, and the screens. Everything it knows comes from /graphql.

import { ApiError, GRAPHQL_URL, gql, mutate, session } from "./api.js";
import { drawWorkflow } from "./diagram.js";
import { append, badge, field, h, select, uuid, when } from "./dom.js";
import { ops } from "./operations.js";
import { Socket } from "./ws.js";

const state = {
  viewer: null,
  workflows: null,
  feed: [],
  feedIds: new Set(),
  feedStatus: "closed",
  unseen: 0,
  socket: null,
};

const main = document.getElementById("main");
const statusBox = document.getElementById("status");
const nav = document.getElementById("nav");
const who = document.getElementById("who");

// ---------------------------------------------------------------- status messages

function announce(message, kind = "info") {
  statusBox.textContent = message;
  statusBox.className = `status ${kind}`;
  statusBox.hidden = !message;
  statusBox.setAttribute("role", kind === "error" ? "alert" : "status");
}

function clearStatus() {
  announce("");
}

function errorText(error) {
  return error instanceof ApiError ? error.message : `Unexpected error: ${error.message}`;
}

// ---------------------------------------------------------------- sign-in and sign-out

session.onSignedOut((message) => {
  stopFeed();
  state.viewer = null;
  renderChrome();
  renderSignIn(message);
});

function renderSignIn(message) {
  document.title = "Sign in · GP API console";
  clearStatus();
  const input = h("input", {
    type: "password",
    name: "token",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
  });
  const problem = h("p", { class: "status error", role: "alert", id: "signin-error", hidden: !message }, message || "");
  const form = h(
    "form",
    { class: "card signin", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title", tabindex: "-1" }, "Sign in"),
    h(
      "p",
      {},
      "Paste an API token. It is kept in this browser tab only (sessionStorage) and forgotten when the tab closes. ",
      "An administrator creates tokens here under Tokens, or on the server with ",
      h("code", {}, "gp-api token create --role ADMIN --name NAME"),
      ".",
    ),
    problem,
    field("API token", input),
    h("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const data = await gql(ops.Viewer, {}, token);
      session.set(token);
      await signedIn(data.viewer);
    } catch (error) {
      problem.hidden = false;
      problem.textContent =
        error.code === "UNAUTHENTICATED"
          ? `This token is not accepted: ${error.message}.`
          : errorText(error);
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.replaceChildren(form);
  input.focus();
}

async function signedIn(viewer) {
  state.viewer = viewer;
  renderChrome();
  startFeed();
  if (!location.hash || location.hash === "#/signin") location.hash = "#/plan";
  else await route();
}

function signOut() {
  stopFeed();
  session.clear();
  state.viewer = null;
  renderChrome();
  renderSignIn();
  announce("You signed out.");
}

function isAdmin() {
  return state.viewer?.role === "ADMIN";
}

function renderChrome() {
  const v = state.viewer;
  nav.hidden = !v;
  document.getElementById("search-form").hidden = !v;
  for (const item of nav.querySelectorAll("[data-admin]")) item.hidden = !isAdmin();
  who.replaceChildren();
  if (!v) return;
  append(who, [
    h("span", { class: "who-name" }, v.name),
    " ",
    badge(v.role || "no role", "role"),
    v.actor ? h("span", { class: "who-actor" }, ` for ${v.actor.name}`) : null,
    " ",
    h("button", { type: "button", onclick: signOut, class: "link" }, "Sign out"),
  ]);
  const mine = nav.querySelector('a[href="#/commitments"]');
  if (mine) mine.textContent = v.role === "EDITOR" && v.actor ? "My commitments" : "Commitments";
  updateFeedBadge();
}

// ---------------------------------------------------------------- routing

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/plan";
  const [path, query = ""] = raw.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query) };
}

function go(path, params) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString() : "";
  location.hash = `#${path}${query ? `?${query}` : ""}`;
}

const VIEWS = {
  plan: viewPlan,
  bodies: (p) => viewList("bodies", p),
  agenda: (p) => viewList("agenda", p),
  resolutions: (p) => viewList("resolutions", p),
  commitments: (p) => viewList("commitments", p),
  subject: viewSubject,
  workflows: viewWorkflows,
  feed: viewFeed,
  search: viewSearch,
  tokens: admin(viewTokens),
  webhooks: admin(viewWebhooks),
  deliveries: admin(viewDeliveries),
  audit: admin(viewAudit),
};

function admin(view) {
  return (params, parts) => {
    if (!isAdmin()) {
      page("Not available", h("p", {}, `This screen is for ADMIN tokens; yours has the ${state.viewer.role} role.`));
      announce("Refused: this screen needs the ADMIN role.", "error");
      return;
    }
    return view(params, parts);
  };
}

let renderSeq = 0;
let routeChain = Promise.resolve();

// Screens render one after another, in the order they were asked for: a slow screen cannot
// overwrite the one navigated to after it.
function route() {
  routeChain = routeChain.then(renderRoute, renderRoute);
  return routeChain;
}

async function renderRoute() {
  if (!session.token || !state.viewer) return;
  const { parts, params } = parseHash();
  const view = VIEWS[parts[0]] || viewPlan;
  for (const link of nav.querySelectorAll("a")) {
    const here = link.getAttribute("href") === `#/${parts[0] || "plan"}`;
    if (here) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const seq = ++renderSeq;
  main.setAttribute("aria-busy", "true");
  try {
    await view(params, parts, seq);
  } catch (error) {
    if (error.code !== "UNAUTHENTICATED" && seq === renderSeq) {
      page("Something went wrong", h("p", {}, errorText(error)));
    }
  } finally {
    main.removeAttribute("aria-busy");
  }
}

// A message for the screen navigated to next (e.g. "created"), shown once it has rendered.
let flash = null;

window.addEventListener("hashchange", () => {
  clearStatus();
  const message = flash;
  flash = null;
  route().then(() => {
    document.querySelector("main h1")?.focus();
    if (message) announce(message, "success");
  });
});

// A screen: its title (also the document's), then its content.
function page(title, ...content) {
  document.title = `${title} · GP API console`;
  main.replaceChildren();
  append(main, [h("h1", { tabindex: "-1" }, title), content]);
}

async function workflows() {
  if (!state.workflows) state.workflows = (await gql(ops.Workflows)).workflows;
  return state.workflows;
}

function workflowOf(typename) {
  return state.workflows?.find((w) => w.subjectType === typename);
}

// ---------------------------------------------------------------- plan of action

async function viewPlan() {
  const data = await gql(ops.Plan);
  const p = data.partnership;
  const steps = data.planSteps.map((step) =>
    h(
      "li",
      { class: `step card status-${step.status.toLowerCase()}` },
      h(
        "h2",
        {},
        `${step.position}. ${step.title} `,
        badge(step.status.replaceAll("_", " "), "status"),
      ),
      h("p", {}, step.description),
      h(
        "p",
        { class: "meta" },
        `Target: ${step.targetType} reaching ${step.targetState}`,
        step.achievedAt ? [" · achieved ", when(step.achievedAt)] : " · not achieved yet",
      ),
      step.evidence.length
        ? h(
            "details",
            { open: step.evidence.length <= 2 },
            h("summary", {}, `Evidence (${step.evidence.length})`),
            h(
              "ul",
              {},
              step.evidence.map((e) =>
                h(
                  "li",
                  {},
                  h("a", { href: `#/subject/${e.subjectId}` }, `${e.subjectType}`),
                  `: ${e.trigger} (${e.fromState ?? "—"} → ${e.toState}) on `,
                  when(e.at),
                  e.sourceUrl ? [" · ", h("a", { href: e.sourceUrl, rel: "noreferrer" }, "source")] : null,
                  deviationList(e.deviations),
                ),
              ),
            ),
          )
        : h("p", { class: "meta" }, "No evidence yet."),
      step.deviations.length ? [h("h3", {}, "Deviations"), deviationList(step.deviations)] : null,
    ),
  );
  page(
    "Plan of action",
    h(
      "p",
      { class: "lead" },
      `${p.planStepsAchieved} of ${p.planStepsTotal} steps achieved. Bodies: `,
      p.bodiesByState.map((b) => `${b.state} ${b.count}`).join(", ") || "none",
      ".",
    ),
    h("progress", { max: p.planStepsTotal, value: p.planStepsAchieved, "aria-label": "Steps achieved" }),
    h("ol", { class: "steps" }, steps),
  );
}

function deviationList(deviations) {
  if (!deviations?.length) return null;
  return h(
    "ul",
    { class: "deviations" },
    deviations.map((d) =>
      h(
        "li",
        {},
        badge(d.kind.replaceAll("_", " "), "deviation"),
        " ",
        d.description,
        d.blocker ? h("span", { class: "meta" }, ` (blocker at the time: ${d.blocker})`) : null,
      ),
    ),
  );
}

// ---------------------------------------------------------------- lists

const LISTS = {
  bodies: {
    title: "Coordination bodies",
    op: ops.Bodies,
    field: "coordinationBodies",
    workflow: "coordination_body",
    search: "Search the name",
    columns: [
      ["Name", (n) => h("a", { href: `#/subject/${n.id}` }, n.name)],
      ["State", (n) => badge(n.state, "state")],
      ["Hubs", (n) => n.hubs.join(", ")],
      ["Founded", (n) => n.foundedOn || ""],
      ["Version", (n) => n.version],
    ],
  },
  agenda: {
    title: "Agenda items",
    op: ops.AgendaItems,
    field: "agendaItems",
    workflow: "agenda_item",
    session: true,
    search: "Search the title",
    columns: [
      ["Title", (n) => h("a", { href: `#/subject/${n.id}` }, n.title)],
      ["Session", (n) => n.session],
      ["Item", (n) => n.itemNumber ?? ""],
      ["State", (n) => badge(n.state, "state")],
      ["Origin", (n) => n.origin],
      ["Version", (n) => n.version],
    ],
  },
  resolutions: {
    title: "Drafts and resolutions",
    op: ops.Resolutions,
    field: "resolutions",
    workflow: "resolution",
    search: "Search the title or a symbol",
    columns: [
      ["Title", (n) => h("a", { href: `#/subject/${n.id}` }, n.title)],
      ["Symbol", (n) => n.symbol || n.draftSymbol || ""],
      ["Kind", (n) => n.kind],
      ["State", (n) => badge(n.state, "state")],
      ["Version", (n) => n.version],
    ],
  },
  commitments: {
    title: "Commitments",
    op: ops.Commitments,
    field: "commitments",
    workflow: "commitment",
    actor: true,
    search: "Search the title or description",
    columns: [
      ["Title", (n) => h("a", { href: `#/subject/${n.id}` }, n.title)],
      ["Actor", (n) => n.actor.name],
      ["State", (n) => badge(n.state, "state")],
      ["Due", (n) => n.dueOn || ""],
      ["Version", (n) => n.version],
    ],
  },
};

const PAGE_SIZES = ["10", "20", "50", "100"];

async function viewList(kind, params) {
  const spec = LISTS[kind];
  const defs = await workflows();
  const definition = defs.find((w) => w.name === spec.workflow);
  const stateFilter = params.get("state") || "";
  const search = params.get("search") || "";
  const sessionNo = params.get("session") || "";
  const v = state.viewer;
  // An EDITOR sees its actor's commitments (unless it asks for all of them).
  const actorId = params.get("actor") || (spec.actor && v.role === "EDITOR" && v.actor && params.get("all") !== "1" ? v.actor.id : "");
  const variables = { states: stateFilter ? [stateFilter] : null };
  if (spec.search) variables.search = search || null;
  if (spec.session) variables.sessions = sessionNo ? [Number(sessionNo)] : null;
  if (spec.actor) variables.actorIds = actorId ? [actorId] : null;
  const size = PAGE_SIZES.includes(params.get("size")) ? params.get("size") : "20";
  if (params.get("before")) Object.assign(variables, { last: Number(size), before: params.get("before") });
  else Object.assign(variables, { first: Number(size), after: params.get("after") || null });
  const data = await gql(spec.op, variables);
  const connection = data[spec.field];

  const filters = h("form", { class: "filters", role: "search", "aria-label": `Filter ${spec.title.toLowerCase()}` });
  const stateSelect = select("state", [["", "Every state"], ...definition.states.map((s) => [s.name, s.name])], stateFilter);
  filters.append(field("State", stateSelect));
  let searchInput;
  let sessionInput;
  if (spec.search) {
    searchInput = h("input", { type: "search", name: "search", value: search });
    filters.append(field(spec.search, searchInput));
  }
  if (spec.session) {
    sessionInput = h("input", { type: "number", name: "session", min: "1", value: sessionNo, inputmode: "numeric" });
    filters.append(field("Session", sessionInput));
  }
  const sizeSelect = select("size", PAGE_SIZES.map((n) => [n, n]), size);
  filters.append(field("Rows per page", sizeSelect));
  filters.append(h("button", { type: "submit" }, "Apply"));
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    go(`/${kind}`, {
      size: sizeSelect.value === "20" ? "" : sizeSelect.value,
      state: stateSelect.value,
      search: searchInput?.value.trim(),
      session: sessionInput?.value,
      actor: params.get("actor"),
      all: params.get("all"),
    });
  });

  const base = {
    size: params.get("size"),
    state: stateFilter,
    search,
    session: sessionNo,
    actor: params.get("actor"),
    all: params.get("all"),
  };
  const info = connection.pageInfo;
  const pager = h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    h(
      "button",
      {
        type: "button",
        disabled: !(info.hasPreviousPage || params.get("after")),
        onclick: () => go(`/${kind}`, { ...base, before: info.startCursor }),
      },
      "← Previous",
    ),
    h("span", {}, `${connection.edges.length} shown of ${connection.totalCount}`),
    h("button", { type: "button", disabled: !info.hasNextPage, onclick: () => go(`/${kind}`, { ...base, after: info.endCursor }) }, "Next →"),
  );

  const scope = [];
  if (spec.actor && actorId) {
    scope.push(
      h(
        "p",
        { class: "meta" },
        actorId === v.actor?.id ? `Showing ${v.actor.name}'s commitments (your token's actor). ` : "Showing one actor's commitments. ",
        h("a", { href: "#/commitments?all=1" }, "Show every actor's"),
      ),
    );
  }

  page(
    spec.title,
    kind === "bodies" && isAdmin() ? newBodyForm() : null,
    filters,
    scope,
    table(spec.columns, connection.edges.map((e) => e.node), `${spec.title}`),
    pager,
  );
}

// A new coordination body (ADMIN): it starts PROPOSED; its page then says what it needs.
function newBodyForm() {
  const name = h("input", { name: "name", required: true, maxlength: "300" });
  const hubs = [["NEW_YORK", "New York"], ["GENEVA", "Geneva"], ["VIENNA", "Vienna"], ["OTHER", "Other"]].map(
    ([value, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "hubs", value }), ` ${label}`),
  );
  const mandate = h("textarea", { name: "mandate", rows: "2" });
  const form = h(
    "form",
    { class: "card" },
    h("fieldset", {}, h("legend", {}, "Hubs"), hubs),
    field("Mandate (optional)", mandate),
    h("button", { type: "submit", class: "primary" }, "Create the body"),
  );
  form.prepend(field("Name of the new body", name));
  submitForm(
    form,
    async () => {
      const chosen = [...form.querySelectorAll("input[name=hubs]:checked")].map((i) => i.value);
      const payload = await mutate(
        ops.CreateBody,
        { name: name.value.trim(), hubs: chosen.length ? chosen : null, mandate: mandate.value.trim() || null },
        "createCoordinationBody",
      );
      flash = `Body “${payload.coordinationBody.name}” created: it starts PROPOSED.`;
      go(`/subject/${payload.coordinationBody.id}`);
      return flash;
    },
    false,
  );
  return h("details", { class: "new" }, h("summary", {}, "New coordination body"), form);
}

function table(columns, rows, caption) {
  if (!rows.length) return h("p", { class: "empty" }, "Nothing matches.");
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, columns.map(([label]) => h("th", { scope: "col" }, label)))),
      h(
        "tbody",
        {},
        rows.map((row) => h("tr", {}, columns.map(([label, cell]) => h("td", { "data-label": label }, cell(row))))),
      ),
    ),
  );
}

// ---------------------------------------------------------------- search

async function viewSearch(params) {
  const q = params.get("q") || "";
  const input = h("input", { type: "search", name: "q", value: q });
  const form = h("form", { class: "filters", role: "search" }, field("Search bodies, actors and documents", input), h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go("/search", { q: input.value.trim() });
  });
  const content = [form];
  if (q) {
    const data = await gql(ops.Search, { search: q });
    content.push(
      h("h2", {}, `Coordination bodies (${data.coordinationBodies.totalCount})`),
      h("ul", {}, data.coordinationBodies.edges.map(({ node }) => h("li", {}, h("a", { href: `#/subject/${node.id}` }, node.name), " ", badge(node.state, "state")))),
      h("h2", {}, `Actors (${data.actors.totalCount})`),
      h("ul", {}, data.actors.edges.map(({ node }) => h("li", {}, `${node.name} (${node.kind}) · `, h("a", { href: `#/commitments?actor=${encodeURIComponent(node.id)}` }, "its commitments")))),
      h("h2", {}, `Documents (${data.documents.totalCount})`),
      h("ul", {}, data.documents.edges.map(({ node }) => h("li", {}, h("code", {}, node.symbol), " ", node.title || ""))),
    );
  }
  page("Search", ...content);
  if (!q) input.focus();
}

// ---------------------------------------------------------------- a subject

// Who may make a move: the least role the server names (AvailableTransition.requiredRole);
// an EDITOR moves only its own actor's subjects.
function neededRole(requiredRole, subject) {
  if (requiredRole === "EDITOR") return { label: "EDITOR of its actor, or ADMIN", mayI: mayMoveCommitment(subject) };
  return { label: requiredRole || "ADMIN", mayI: isAdmin() };
}

function mayMoveCommitment(subject) {
  const v = state.viewer;
  return v.role === "ADMIN" || (v.role === "EDITOR" && v.actor && subject.actor?.id === v.actor.id);
}

// The idempotency key of a move in flight or failed on the network: a retry (or a double
// click) sends the same key, so the server moves once.
const moveKeys = new Map();

function subjectState(node) {
  return node.state ?? node.agendaState ?? node.resolutionState ?? node.commitmentState;
}

function subjectTitle(node) {
  return node.name || node.title || node.id;
}

function subjectFacts(node) {
  const rows = [];
  const add = (label, value) => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    rows.push(h("dt", {}, label), h("dd", {}, Array.isArray(value) ? value.join(", ") : value));
  };
  add("Type", node.__typename);
  add("Global ID", h("code", {}, node.id));
  add("State", badge(subjectState(node), "state"));
  add("Version", String(node.version));
  switch (node.__typename) {
    case "CoordinationBody":
      add("Hubs", node.hubs);
      add("Founded", node.foundedOn);
      add("Mandate", node.mandate);
      add("Mandate symbol", node.mandateSymbol);
      add("Members", node.members.edges.map((e) => `${e.node.actor.name} (${e.node.actor.kind}${e.node.role !== "MEMBER" ? `, ${e.node.role}` : ""})`).join("; ") || "none");
      add("Meetings", node.meetings.edges.map((e) => `${e.node.title} (${e.node.status}${e.node.outcome ? `: ${e.node.outcome}` : ""})`).join("; ") || "none");
      break;
    case "AgendaItem":
      add("Session", String(node.session));
      add("Item number", node.itemNumber === null ? null : String(node.itemNumber));
      add("Origin", node.origin);
      add("List", node.list);
      add("Topics", node.topics);
      add("Proposer", node.proposer?.name);
      break;
    case "Resolution":
      add("Kind", node.kind);
      add("Symbol", node.symbol || node.draftSymbol);
      add("Submitted", node.submittedOn);
      add("Adopted", node.adoptedOn);
      add("Agenda item", node.agendaItem ? h("a", { href: `#/subject/${node.agendaItem.id}` }, node.agendaItem.title) : null);
      break;
    case "Commitment":
      add("Actor", node.actor.name);
      add("Description", node.description);
      add("Determinants", node.determinants);
      add("Pillars", node.pillars);
      add("Starts", node.startsOn);
      add("Due", node.dueOn);
      add("Evidence", node.evidence);
      break;
    default:
      break;
  }
  add("Confidence", node.confidence);
  add("Source", node.sourceUrl ? h("a", { href: node.sourceUrl, rel: "noreferrer" }, node.sourceUrl) : null);
  return h("dl", { class: "facts" }, rows);
}

async function viewSubject(params, parts) {
  const id = decodeURIComponent(parts[1] || "");
  await workflows();
  const data = await gql(ops.Subject, { id });
  const node = data.node;
  if (!node) {
    page("Not found", h("p", {}, `Nothing has the ID ${id}.`));
    return;
  }
  if (node.version === undefined) {
    page(node.__typename, h("p", {}, `${node.__typename} ${node.id} has no workflow.`));
    return;
  }
  const current = subjectState(node);
  const definition = workflowOf(node.__typename);

  // Moves: one button each, with its blockers and the role it needs; one reason for all.
  const reason = h("textarea", { name: "reason", rows: "2" });
  const carried = node.availableTransitions[0]?.deviations || [];
  const moveButtons = [];
  const moves = node.availableTransitions.map((move) => {
    const role = neededRole(move.requiredRole, node);
    const viaOther = move.mutation !== "advanceWorkflow";
    const button = h(
      "button",
      {
        type: "button",
        class: move.allowed ? "primary move" : "move",
        "data-trigger": move.trigger,
        disabled: !move.allowed || viaOther || !role.mayI,
      },
      `${move.trigger.replaceAll("_", " ")} → ${move.toState}`,
    );
    if (!viaOther) {
      moveButtons.push(button);
      button.addEventListener("click", () => advance(node, move, reason, button, moveButtons));
    }
    const blockersId = `blockers-${move.trigger}`;
    if (move.blockers.length) button.setAttribute("aria-describedby", blockersId);
    return h(
      "li",
      { class: `move-card card ${move.allowed ? "allowed" : "blocked"}` },
      button,
      h(
        "p",
        { class: "meta" },
        `Needs: ${role.label}`,
        role.mayI ? "" : " (not your token)",
        move.reasonRequired ? " · a reason is required" : "",
      ),
      viaOther
        ? h(
            "p",
            { class: "meta" },
            `This move carries data: make it with the ${move.mutation} mutation, e.g. in `,
            h("a", { href: "/graphql" }, "GraphiQL"),
            ".",
          )
        : null,
      move.blockers.length
        ? h(
            "div",
            { id: blockersId },
            h("p", { class: "blocked-title" }, "Blocked. To clear it:"),
            h("ul", { class: "blockers" }, move.blockers.map((b) => h("li", {}, b))),
          )
        : h("p", { class: "ok" }, "Nothing blocks this move."),
    );
  });

  const movesSection = h(
    "section",
    { "aria-labelledby": "moves-title" },
    h("h2", { id: "moves-title" }, `Moves from ${current}`),
    carried.length
      ? h(
          "div",
          { class: "card carried" },
          h("p", { class: "blocked-title" }, `${current} was reached with deviations (recorded, not blocking):`),
          deviationList(carried),
        )
      : null,
    moves.length
      ? [
          field("Reason (recorded in the history)", reason, "Required for the moves that say so; optional otherwise."),
          h("ul", { class: "moves" }, moves),
        ]
      : h("p", {}, "No move leads out of this state."),
  );

  const history = node.history.edges.map((e) => e.node).reverse();
  const timeline = h(
    "section",
    { "aria-labelledby": "history-title" },
    h("h2", { id: "history-title" }, `History (${node.history.totalCount})`),
    history.length
      ? h(
          "ol",
          { class: "timeline" },
          history.map((t) =>
            h(
              "li",
              { class: t.deviations.length ? "deviated" : "" },
              h("p", { class: "when" }, when(t.at)),
              h("p", {}, h("strong", {}, t.trigger.replaceAll("_", " ")), `: ${t.fromState ?? "(start)"} → ${t.toState}`),
              h("p", { class: "meta" }, `by ${t.by}`, t.onBehalfOf ? ` for ${t.onBehalfOf.name}` : ""),
              t.reason ? h("p", { class: "reason" }, `Why: ${t.reason}`) : null,
              t.sourceUrl ? h("p", { class: "meta" }, h("a", { href: t.sourceUrl, rel: "noreferrer" }, "source")) : null,
              t.deviations.length ? [h("p", { class: "blocked-title" }, "Deviations"), deviationList(t.deviations)] : null,
            ),
          ),
        )
      : h("p", {}, "No move recorded yet."),
  );

  const diagram = definition
    ? h(
        "section",
        { "aria-labelledby": "diagram-title" },
        h("h2", { id: "diagram-title" }, `Workflow: ${definition.name} (version ${definition.version})`),
        h("div", { class: "diagram-wrap", tabindex: "0", role: "group", "aria-label": "Diagram (scrolls sideways)" }, drawWorkflow(definition, current)),
      )
    : null;

  page(
    subjectTitle(node),
    h("p", { class: "lead" }, `${node.__typename} · `, badge(current, "state"), ` · version ${node.version}`),
    h("div", { class: "columns" }, h("section", { "aria-label": "Data" }, subjectFacts(node)), movesSection),
    node.__typename === "CoordinationBody" && isAdmin() ? bodyForms(node) : null,
    diagram,
    timeline,
  );
}

async function advance(node, move, reasonBox, button, buttons) {
  if (button.getAttribute("aria-busy") === "true") return;
  const reason = reasonBox.value.trim();
  if (move.reasonRequired && !reason) {
    announce(`The move "${move.trigger}" needs a reason: write it in the Reason box.`, "error");
    reasonBox.focus();
    return;
  }
  const slot = `${node.id}:${move.trigger}:${node.version}`;
  const key = moveKeys.get(slot) || uuid();
  moveKeys.set(slot, key);
  for (const b of buttons) b.disabled = true;
  button.setAttribute("aria-busy", "true");
  announce(`Moving ${subjectTitle(node)}: ${move.trigger}…`);
  try {
    const payload = await mutate(
      ops.Advance,
      {
        subjectId: node.id,
        trigger: move.trigger,
        reason: reason || null,
        expectedVersion: node.version,
        idempotencyKey: key,
      },
      "advanceWorkflow",
    );
    moveKeys.delete(slot);
    await route();
    announce(`Done: ${move.trigger} moved it to ${move.toState} (now version ${payload.subject?.version}).`, "success");
  } catch (error) {
    if (error.code === "UNAUTHENTICATED") return;
    if (error.code === "NETWORK") {
      // Keep the key: trying again cannot move twice.
      for (const b of buttons) b.disabled = false;
      button.removeAttribute("aria-busy");
      announce(`${error.message} Try again: the same request is sent, so it moves at most once.`, "error");
      return;
    }
    moveKeys.delete(slot);
    if (error.code === "VERSION_CONFLICT") {
      await route();
      announce(
        `Someone else changed this ${node.__typename} since you opened it (you had version ${node.version}). ` +
          "The page now shows its current state and moves: check them and try again.",
        "error",
      );
      return;
    }
    for (const b of buttons) b.disabled = false;
    button.removeAttribute("aria-busy");
    announce(`Not moved: ${error.message}`, "error");
  }
}

// Forms for the data a body's guards look at: its mandate, a meeting held, a member.
function bodyForms(node) {
  const mandate = h("textarea", { name: "mandate", rows: "2" }, node.mandate || "");
  const mandateSymbol = h("input", { name: "mandateSymbol", value: node.mandateSymbol || "" });
  const mandateForm = h(
    "form",
    { class: "card", "aria-labelledby": "mandate-title" },
    h("h3", { id: "mandate-title" }, "Mandate"),
    field("Mandate text", mandate),
    field("Mandate document symbol", mandateSymbol, "e.g. A/RES/64/293; leave empty if none"),
    h("button", { type: "submit" }, "Save the mandate"),
  );
  submitForm(mandateForm, async () => {
    await mutate(
      ops.UpdateBody,
      { id: node.id, mandate: mandate.value.trim() || null, mandateSymbol: mandateSymbol.value.trim() || null },
      "updateCoordinationBody",
    );
    return "Mandate saved.";
  });

  const today = new Date().toISOString().slice(0, 10);
  const title = h("input", { name: "title", required: true });
  const hub = select("hub", [["NEW_YORK", "New York"], ["GENEVA", "Geneva"], ["VIENNA", "Vienna"], ["OTHER", "Other"]]);
  const day = h("input", { type: "date", name: "day", value: today, max: today, required: true });
  const outcome = h("textarea", { name: "outcome", rows: "2", required: true });
  const meetingForm = h(
    "form",
    { class: "card", "aria-labelledby": "meeting-title" },
    h("h3", { id: "meeting-title" }, "Record a meeting of the body, held"),
    field("Meeting title", title),
    field("Hub", hub),
    field("Held on", day),
    field("Outcome (what was decided)", outcome, "e.g. the decision to establish the task force"),
    h("button", { type: "submit" }, "Record the meeting"),
  );
  submitForm(meetingForm, async () => {
    const scheduled = await mutate(
      ops.ScheduleMeeting,
      { title: title.value.trim(), hub: hub.value, startsAt: `${day.value}T09:00:00Z`, bodyId: node.id },
      "scheduleMeeting",
    );
    await mutate(
      ops.MeetingHeld,
      { meetingId: scheduled.meeting.id, outcome: outcome.value.trim() || null },
      "recordMeetingHeld",
    );
    return "Meeting recorded as held.";
  });

  const kind = select("kind", [["STATE", "State"], ["UN_ENTITY", "UN entity"], ["NGO", "NGO"], ["", "Any kind"]]);
  const actorSearch = h("input", { type: "search", name: "actorSearch" });
  const actor = h("select", { name: "actor", required: true }, h("option", { value: "" }, "Search first"));
  const find = h("button", { type: "button" }, "Find actors");
  find.addEventListener("click", async () => {
    const data = await gql(ops.Actors, { kinds: kind.value ? [kind.value] : null, search: actorSearch.value.trim() || null });
    actor.replaceChildren(
      ...data.actors.edges.map(({ node: a }) => h("option", { value: a.id }, `${a.name} (${a.kind})`)),
    );
    announce(`${data.actors.edges.length} actors found.`);
  });
  const memberForm = h(
    "form",
    { class: "card", "aria-labelledby": "member-title" },
    h("h3", { id: "member-title" }, "Add a member"),
    field("Kind", kind),
    field("Name contains", actorSearch),
    find,
    field("Actor", actor),
    h("button", { type: "submit" }, "Add the member"),
  );
  submitForm(memberForm, async () => {
    if (!actor.value) throw new ApiError("Find and choose an actor first.", "REQUIRED");
    await mutate(ops.AddMember, { bodyId: node.id, actorId: actor.value }, "addMembership");
    return "Member added.";
  });

  // Open when a move is blocked (the forms are how to clear it); folded away otherwise.
  const blocked = node.availableTransitions.some((m) => m.blockers.length && m.mutation === "advanceWorkflow");
  return h(
    "details",
    { class: "fix", open: blocked },
    h("summary", {}, h("h2", { id: "fix-title" }, blocked ? "Clear blockers: the body's data" : "The body's data")),
    h("div", { class: "forms" }, mandateForm, meetingForm, memberForm),
  );
}

// Submit a form through `action` (returns the success message); the page then reloads.
function submitForm(form, action, reload = true) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;
    try {
      const message = await action();
      if (reload) await route();
      announce(message, "success");
    } catch (error) {
      if (error.code !== "UNAUTHENTICATED") announce(`Not saved: ${errorText(error)}`, "error");
    } finally {
      button.disabled = false;
    }
  });
}

// ---------------------------------------------------------------- workflow diagrams

async function viewWorkflows() {
  const defs = await workflows();
  page(
    "Workflows",
    h("p", { class: "lead" }, "Each workflow's states and moves, drawn from the workflows query. Milestones have a double border."),
    defs.map((w) =>
      h(
        "section",
        { class: "card", "aria-labelledby": `wf-${w.name}` },
        h("h2", { id: `wf-${w.name}` }, `${w.name} (version ${w.version}, ${w.subjectType})`),
        h("p", {}, w.description),
        h("div", { class: "diagram-wrap", tabindex: "0", role: "group", "aria-label": "Diagram (scrolls sideways)" }, drawWorkflow(w)),
        h(
          "details",
          {},
          h("summary", {}, `Moves (${w.transitions.length})`),
          table(
            [
              ["Trigger", (t) => t.trigger],
              ["From", (t) => t.fromStates.join(", ")],
              ["To", (t) => t.toStates.join(", ")],
              ["Guards", (t) => t.guards.map((g) => g.description).join("; ")],
              ["Reason", (t) => (t.reasonRequired ? "required" : "")],
              ["Mutation", (t) => t.mutation],
            ],
            w.transitions,
            `Moves of ${w.name}`,
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- live feed of milestones

const CURSOR_KEY = "gp-console-feed-cursor";
const FEED_MAX = 200;

async function startFeed() {
  stopFeed();
  state.feed = [];
  state.feedIds = new Set();
  state.unseen = 0;
  try {
    const recent = await gql(ops.RecentMilestones);
    for (const { node } of recent.events.edges) addToFeed(node, false);
  } catch (error) {
    if (error.code === "UNAUTHENTICATED") return;
  }
  const stored = sessionStorage.getItem(CURSOR_KEY);
  if (stored) state.lastCursor = stored;
  else if (state.feed.length) state.lastCursor = state.feed[0].cursor;
  else state.lastCursor = null;
  const socket = new Socket({
    url: GRAPHQL_URL,
    token: session.token,
    onStatus: (status, delay) => {
      state.feedStatus = status;
      state.feedRetry = delay;
      updateFeedBadge();
    },
    onAuthFailure: async () => {
      // The socket was refused: ask over HTTP, which signs out if the token is no longer valid.
      try {
        await gql(ops.Viewer);
      } catch (error) {
        if (error.code === "UNAUTHENTICATED") return; // gql() has signed the tab out
      }
      // The token still works (or the server cannot be asked now): try again shortly.
      setTimeout(() => state.socket === socket && socket.start(), 2000);
    },
  });
  state.socket = socket;
  // Resume after the last milestone seen: the server replays what was missed, then live ones.
  socket.subscribe(ops.Milestones, () => ({ after: state.lastCursor }), {
    next: (payload) => {
      const event = payload.data?.milestones;
      if (event) addToFeed(event, true);
    },
    error: (errors) => announce(`The live feed failed: ${errors.map((e) => e.message).join("; ")}`, "error"),
  });
  socket.start();
}

function stopFeed() {
  if (state.socket) state.socket.stop();
  state.socket = null;
  state.feedStatus = "closed";
}

function addToFeed(event, live) {
  if (state.feedIds.has(event.id)) return;
  state.feedIds.add(event.id);
  state.feed.unshift(event);
  state.feed.length = Math.min(state.feed.length, FEED_MAX);
  if (live) {
    state.lastCursor = event.cursor;
    sessionStorage.setItem(CURSOR_KEY, event.cursor);
    const onFeed = parseHash().parts[0] === "feed";
    if (!onFeed) state.unseen += 1;
    updateFeedBadge();
    if (onFeed) {
      const list = document.getElementById("feed-list");
      if (list) {
        list.prepend(feedItem(event, true));
        const live = document.getElementById("feed-live");
        if (live) live.textContent = `New milestone: ${describe(event)}`;
      }
    }
  }
}

function describe(event) {
  const d = event.data || {};
  const name = event.subject?.name || event.subject?.title;
  const what = name ? `${event.subjectType} “${name}”` : event.subjectType;
  if (d.toState) return `${what}: ${d.fromState ?? "(start)"} → ${d.toState} (${d.trigger})`;
  return `${event.type} on ${what}`;
}

function feedItem(event, fresh = false) {
  const d = event.data || {};
  return h(
    "li",
    { class: `feed-item card${fresh ? " fresh" : ""}`, "data-event": event.id },
    h(
      "p",
      { class: "when" },
      "recorded ",
      when(event.occurredAt),
      d.at && d.at.slice(0, 10) !== event.occurredAt.slice(0, 10) ? [" · dated ", when(d.at)] : null,
    ),
    h("p", {}, h("a", { href: `#/subject/${event.subjectId}` }, describe(event))),
    h("p", { class: "meta" }, `${event.type} · by ${event.by}`),
    d.reason ? h("p", { class: "reason" }, d.reason) : null,
  );
}

const FEED_STATUS = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
  offline: "offline: reconnecting",
  refused: "refused",
  paused: "disconnected (milestones since then arrive when you connect)",
  closed: "closed",
};

function updateFeedBadge() {
  const link = nav.querySelector('a[href="#/feed"]');
  if (link) link.textContent = state.unseen ? `Live feed (${state.unseen} new)` : "Live feed";
  const status = document.getElementById("feed-status");
  if (status) {
    status.textContent = `Connection: ${FEED_STATUS[state.feedStatus] || state.feedStatus}${
      state.feedStatus === "offline" && state.feedRetry ? ` in ${Math.round(state.feedRetry / 1000)} s` : ""
    }`;
    status.dataset.state = state.feedStatus;
  }
  const toggle = document.getElementById("feed-toggle");
  if (toggle) toggle.textContent = state.feedStatus === "paused" ? "Connect (resume the feed)" : "Disconnect";
}

function viewFeed() {
  state.unseen = 0;
  page(
    "Live feed of milestones",
    h(
      "p",
      { class: "lead" },
      "Milestones arrive here as they are recorded (the milestones subscription over WebSocket). ",
      "After a lost connection (or Disconnect, then Connect) the feed resumes from the last milestone it showed, so none is missed or shown twice.",
    ),
    h(
      "p",
      { class: "feed-bar" },
      h("span", { id: "feed-status", class: "badge" }),
      " ",
      h(
        "button",
        {
          type: "button",
          id: "feed-toggle",
          onclick: () => {
            const socket = state.socket;
            if (!socket) return;
            if (socket.paused) socket.resume();
            else socket.pause();
            updateFeedBadge();
          },
        },
        "Disconnect",
      ),
    ),
    h("p", { id: "feed-live", class: "visually-hidden", "aria-live": "polite" }),
    h("ol", { id: "feed-list", class: "feed" }, state.feed.map((e) => feedItem(e))),
  );
  updateFeedBadge();
}

// ---------------------------------------------------------------- ADMIN: tokens

// A button that asks to be pressed twice before it acts (no modal dialog in the way).
function confirmButton(label, confirmLabel, action) {
  const button = h("button", { type: "button", class: "danger" }, label);
  let armed = null;
  button.addEventListener("click", async () => {
    if (!armed) {
      button.textContent = confirmLabel;
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
      }, 6000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      button.disabled = false;
      button.textContent = label;
      if (error.code !== "UNAUTHENTICATED") announce(errorText(error), "error");
    }
  });
  return button;
}

function actorPicker() {
  const search = h("input", { type: "search", name: "actorSearch" });
  const chosen = h("select", { name: "actorId" }, h("option", { value: "" }, "No actor"));
  const find = h("button", { type: "button" }, "Find actors");
  find.addEventListener("click", async () => {
    const data = await gql(ops.Actors, { kinds: null, search: search.value.trim() || null });
    chosen.replaceChildren(
      h("option", { value: "" }, "No actor"),
      ...data.actors.edges.map(({ node }) => h("option", { value: node.id }, `${node.name} (${node.kind})`)),
    );
    announce(`${data.actors.edges.length} actors found: choose one in the Actor list.`);
  });
  return {
    nodes: [field("Actor name contains (EDITOR tokens)", search), find, field("Actor", chosen)],
    value: () => chosen.value || null,
  };
}

function secretBox(title, secret, note) {
  return h(
    "div",
    { class: "card secret", role: "alert" },
    h("h2", {}, title),
    h("p", {}, note),
    h("output", { class: "secret-value", "data-secret": "" }, secret),
    " ",
    h(
      "button",
      {
        type: "button",
        onclick: async (event) => {
          try {
            await navigator.clipboard.writeText(secret);
            event.target.textContent = "Copied";
          } catch {
            event.target.textContent = "Select the text to copy it";
          }
        },
      },
      "Copy",
    ),
  );
}

async function viewTokens(params) {
  const includeRevoked = params.get("revoked") === "1";
  const data = await gql(ops.Tokens, { includeRevoked, first: 100, after: null });
  const name = h("input", { name: "name", required: true, maxlength: "200" });
  const role = select("role", [["VIEWER", "VIEWER: reads"], ["EDITOR", "EDITOR: one actor's commitments"], ["ADMIN", "ADMIN: everything"]], "VIEWER");
  const expires = h("input", { type: "number", name: "expires", min: "1", inputmode: "numeric" });
  const picker = actorPicker();
  const created = h("div", { id: "created-token" });
  const form = h(
    "form",
    { class: "card wide", "aria-labelledby": "new-token" },
    h("h2", { id: "new-token" }, "Create a token"),
    field("Name", name, "Who or what uses it"),
    field("Role", role),
    picker.nodes,
    field("Expires in days", expires, "Empty: never"),
    h("button", { type: "submit", class: "primary" }, "Create the token"),
  );
  submitForm(
    form,
    async () => {
      const payload = await mutate(
        ops.CreateToken,
        { name: name.value.trim(), role: role.value, actorId: picker.value(), expiresInDays: expires.value ? Number(expires.value) : null },
        "createApiToken",
      );
      await route();
      document
        .getElementById("created-token")
        ?.replaceChildren(
          secretBox(
            `Token "${payload.apiToken.name}" created`,
            payload.secret,
            "Copy the secret now: it is shown only this once and cannot be read again.",
          ),
        );
      return `Token ${payload.apiToken.prefix}… created with the ${payload.apiToken.role} role.`;
    },
    false,
  );
  const rows = data.apiTokens.edges.map((e) => e.node);
  page(
    "API tokens",
    created,
    form,
    h(
      "p",
      {},
      h("a", { href: includeRevoked ? "#/tokens" : "#/tokens?revoked=1" }, includeRevoked ? "Hide revoked tokens" : "Show revoked tokens too"),
    ),
    table(
      [
        ["Name", (t) => t.name],
        ["Role", (t) => badge(t.role, "role")],
        ["Prefix", (t) => h("code", {}, t.prefix)],
        ["Actor", (t) => t.actor?.name || ""],
        ["Created", (t) => when(t.createdAt)],
        ["Expires", (t) => (t.expiresAt ? when(t.expiresAt) : "never")],
        ["Last used", (t) => (t.lastUsedAt ? when(t.lastUsedAt) : "never")],
        [
          "Status",
          (t) =>
            t.revokedAt
              ? ["revoked ", when(t.revokedAt)]
              : confirmButton(`Revoke ${t.name}`, `Confirm: revoke ${t.name}`, async () => {
                  await mutate(ops.RevokeToken, { id: t.id }, "revokeApiToken");
                  await route();
                  announce(`Token ${t.name} revoked: it stops working at once.`, "success");
                }),
        ],
      ],
      rows,
      "API tokens",
    ),
  );
}

// ---------------------------------------------------------------- ADMIN: webhooks

function csv(value) {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : null;
}

async function viewWebhooks() {
  const data = await gql(ops.Webhooks);
  const defs = await workflows();
  const url = h("input", { type: "url", name: "url", required: true });
  const description = h("input", { name: "description" });
  const types = h("input", { name: "types", placeholder: "workflow.transitioned" });
  const wfs = h("input", { name: "workflows", placeholder: defs.map((w) => w.name).slice(0, 2).join(", ") });
  const created = h("div", { id: "created-webhook" });
  const form = h(
    "form",
    { class: "card wide", "aria-labelledby": "new-hook" },
    h("h2", { id: "new-hook" }, "Register an endpoint"),
    field("URL", url),
    field("Description", description),
    field("Event types (comma-separated)", types, "Empty: every type"),
    field("Workflows (comma-separated)", wfs, `Empty: every workflow. Known: ${defs.map((w) => w.name).join(", ")}`),
    h("button", { type: "submit", class: "primary" }, "Register"),
  );
  submitForm(
    form,
    async () => {
      const payload = await mutate(
        ops.CreateWebhook,
        { url: url.value.trim(), description: description.value.trim() || null, eventTypes: csv(types.value), workflows: csv(wfs.value) },
        "createWebhookEndpoint",
      );
      await route();
      document
        .getElementById("created-webhook")
        ?.replaceChildren(
          secretBox("Endpoint registered", payload.secret, "Its signing secret (HMAC-SHA256), shown only this once: give it to the receiver."),
        );
      return `Endpoint ${payload.webhookEndpoint.url} registered.`;
    },
    false,
  );
  page(
    "Webhook endpoints",
    created,
    form,
    table(
      [
        ["URL", (e) => h("code", {}, e.url)],
        ["Description", (e) => e.description || ""],
        ["Event types", (e) => (e.eventTypes || ["every type"]).join(", ")],
        ["Workflows", (e) => (e.workflows || ["every workflow"]).join(", ")],
        ["Created", (e) => when(e.createdAt)],
        [
          "Enabled",
          (e) =>
            h(
              "button",
              {
                type: "button",
                "aria-pressed": String(e.enabled),
                onclick: async () => {
                  try {
                    await mutate(ops.UpdateWebhook, { id: e.id, enabled: !e.enabled }, "updateWebhookEndpoint");
                    await route();
                    announce(`Endpoint ${e.enabled ? "disabled" : "enabled"}.`, "success");
                  } catch (error) {
                    announce(errorText(error), "error");
                  }
                },
              },
              e.enabled ? "Enabled: disable" : "Disabled: enable",
            ),
        ],
        ["Deliveries", (e) => h("a", { href: `#/deliveries?endpoint=${encodeURIComponent(e.id)}` }, "ledger")],
        [
          "Delete",
          (e) =>
            confirmButton("Delete", "Confirm: delete", async () => {
              await mutate(ops.DeleteWebhook, { id: e.id }, "deleteWebhookEndpoint");
              await route();
              announce("Endpoint deleted.", "success");
            }),
        ],
      ],
      data.webhookEndpoints.edges.map((e) => e.node),
      "Webhook endpoints",
    ),
  );
}

async function viewDeliveries(params) {
  const status = params.get("status") || "";
  const endpoint = params.get("endpoint") || "";
  const data = await gql(ops.Deliveries, {
    statuses: status ? [status] : null,
    endpointId: endpoint || null,
    first: 50,
    after: params.get("after") || null,
  });
  const statusSelect = select("status", [["", "Every status"], ["PENDING", "PENDING"], ["DELIVERED", "DELIVERED"], ["DEAD", "DEAD (dead-lettered)"]], status);
  const filters = h("form", { class: "filters", "aria-label": "Filter deliveries" }, field("Status", statusSelect), h("button", { type: "submit" }, "Apply"));
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    go("/deliveries", { status: statusSelect.value, endpoint });
  });
  const conn = data.webhookDeliveries;
  page(
    "Delivery ledger",
    filters,
    endpoint ? h("p", { class: "meta" }, "One endpoint's deliveries. ", h("a", { href: "#/deliveries" }, "Every endpoint")) : null,
    h("p", { class: "meta" }, `${conn.totalCount} deliveries`),
    table(
      [
        ["Event", (d) => [d.event.type, " ", when(d.event.occurredAt)]],
        ["Endpoint", (d) => h("code", {}, d.endpoint.url)],
        ["Status", (d) => badge(d.status, "status")],
        ["Attempts", (d) => h("details", {}, h("summary", {}, `${d.attemptCount} attempt${d.attemptCount === 1 ? "" : "s"}`), h("ul", {}, d.attempts.map((a) => h("li", {}, when(a.attemptedAt), ` · ${a.statusCode ?? "no answer"} · ${a.durationMs} ms${a.error ? ` · ${a.error}` : ""}`))))],
        ["Next / delivered", (d) => (d.deliveredAt ? when(d.deliveredAt) : d.nextAttemptAt ? ["next ", when(d.nextAttemptAt)] : "")],
        [
          "Redeliver",
          (d) =>
            h(
              "button",
              {
                type: "button",
                onclick: async (event) => {
                  event.target.disabled = true;
                  try {
                    await mutate(ops.Redeliver, { deliveryId: d.id }, "redeliverWebhook");
                    await route();
                    announce("Queued for delivery again.", "success");
                  } catch (error) {
                    event.target.disabled = false;
                    announce(errorText(error), "error");
                  }
                },
              },
              "Redeliver",
            ),
        ],
      ],
      conn.edges.map((e) => e.node),
      "Deliveries",
    ),
    conn.pageInfo.hasNextPage
      ? h("nav", { class: "pager", "aria-label": "Pages" }, h("a", { href: `#/deliveries?${new URLSearchParams({ status, endpoint, after: conn.pageInfo.endCursor })}` }, "Next →"))
      : null,
  );
}

// ---------------------------------------------------------------- ADMIN: audit log

function isoOrNull(local) {
  return local ? new Date(local).toISOString() : null;
}

async function viewAudit(params) {
  const values = Object.fromEntries(["principal", "token", "subject", "types", "since", "until"].map((k) => [k, params.get(k) || ""]));
  const data = await gql(ops.Audit, {
    principalId: values.principal || null,
    tokenId: values.token || null,
    subjectId: values.subject || null,
    types: csv(values.types),
    since: isoOrNull(values.since),
    until: isoOrNull(values.until),
    first: 50,
    after: params.get("after") || null,
  });
  const inputs = {
    principal: h("input", { name: "principal", value: values.principal, placeholder: "token:3, system" }),
    token: h("input", { name: "token", value: values.token }),
    subject: h("input", { name: "subject", value: values.subject }),
    types: h("input", { name: "types", value: values.types, placeholder: "workflow.transitioned" }),
    since: h("input", { type: "datetime-local", name: "since", value: values.since }),
    until: h("input", { type: "datetime-local", name: "until", value: values.until }),
  };
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filter the audit log" },
    field("Principal", inputs.principal),
    field("Token ID", inputs.token),
    field("Subject ID", inputs.subject),
    field("Event types (comma-separated)", inputs.types),
    field("Since", inputs.since),
    field("Until", inputs.until),
    h("button", { type: "submit" }, "Apply"),
  );
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    go("/audit", Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()])));
  });
  const conn = data.auditLog;
  page(
    "Audit log",
    filters,
    h("p", { class: "meta" }, `${conn.totalCount} events`),
    table(
      [
        ["When", (e) => when(e.occurredAt)],
        ["Type", (e) => e.type],
        ["Subject", (e) => h("a", { href: `#/subject/${e.subjectId}` }, e.subjectType)],
        ["By", (e) => `${e.by} (${e.principalId})`],
        ["Data", (e) => h("details", {}, h("summary", {}, "data"), h("pre", {}, JSON.stringify(e.data, null, 2)))],
      ],
      conn.edges.map((e) => e.node),
      "Audit log",
    ),
    conn.pageInfo.hasNextPage
      ? h("nav", { class: "pager", "aria-label": "Pages" }, h("a", { href: `#/audit?${new URLSearchParams({ ...values, after: conn.pageInfo.endCursor })}` }, "Next →"))
      : null,
  );
}

// ---------------------------------------------------------------- start

// The skip link moves the focus without touching the address (which is the router's).
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  (main.querySelector("h1") || main).focus();
});

document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = event.target.elements.q.value.trim();
  if (q) go("/search", { q });
});

async function start() {
  if (!session.token) {
    renderChrome();
    renderSignIn();
    return;
  }
  try {
    const data = await gql(ops.Viewer);
    await signedIn(data.viewer);
  } catch (error) {
    if (error.code !== "UNAUTHENTICATED") {
      renderSignIn(errorText(error));
    }
  }
}

start();
