// The console's one door to the server: GraphQL over HTTP (POST /graphql) with the token kept
// in sessionStorage (this tab only). A 401 / UNAUTHENTICATED answer signs the tab out.

const KEY = "gp-console-token";

export class ApiError extends Error {
  constructor(message, code, errors) {
    super(message);
    this.code = code;
    this.errors = errors || [];
  }
}

const listeners = new Set();

export const session = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  set(token) {
    sessionStorage.setItem(KEY, token);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem("gp-console-feed-cursor");
  },
  // fn(message): the token no longer works (revoked, expired, unknown).
  onSignedOut(fn) {
    listeners.add(fn);
  },
  signOut(message) {
    const had = this.token !== null;
    this.clear();
    if (had) for (const fn of listeners) fn(message);
  },
};

export const GRAPHQL_URL = new URL("/graphql", location.href).href;

export async function gql(query, variables = {}, token = session.token) {
  const headers = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError(`The server cannot be reached (${error.message}).`, "NETWORK");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without GraphQL.`, "HTTP");
  }
  const errors = body.errors || [];
  const unauthenticated = errors.find((e) => e.extensions?.code === "UNAUTHENTICATED");
  if (response.status === 401 || unauthenticated) {
    const reason = unauthenticated?.message || "the token was refused";
    if (token && token === session.token) {
      session.signOut(`You were signed out: ${reason}. Sign in with a valid token.`);
    }
    throw new ApiError(reason, "UNAUTHENTICATED", errors);
  }
  if (response.status === 429) {
    throw new ApiError("Too many requests: wait a moment and try again.", "RATE_LIMITED", errors);
  }
  if (errors.length && !body.data) {
    throw new ApiError(errors.map((e) => e.message).join("; "), errors[0].extensions?.code, errors);
  }
  if (errors.length) {
    const forbidden = errors.find((e) => e.extensions?.code === "FORBIDDEN");
    if (forbidden) {
      const role = forbidden.extensions.requiredRole;
      throw new ApiError(
        `Not allowed: ${forbidden.message}${role ? ` (needs ${role})` : ""}.`,
        "FORBIDDEN",
        errors,
      );
    }
    throw new ApiError(errors.map((e) => e.message).join("; "), errors[0].extensions?.code, errors);
  }
  return body.data;
}

// A mutation's payload: its userErrors become an ApiError carrying them.
export async function mutate(query, input, field) {
  const data = await gql(query, { input });
  const payload = data[field];
  if (payload.userErrors?.length) {
    const first = payload.userErrors[0];
    throw new ApiError(
      payload.userErrors.map((e) => e.message).join("; "),
      first.code,
      payload.userErrors,
    );
  }
  return payload;
}
