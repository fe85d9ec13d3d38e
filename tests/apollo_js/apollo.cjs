// Apollo Client with its persisted-queries link against a real GP API server.
// usage: node apollo.cjs URL MODE DOCUMENTS_DIR
//   MODE apq:     the automatic persisted queries flow (a miss, registration, hits)
//   MODE trusted: the server runs only its manifest's documents
// Prints one JSON object: what each operation returned and every HTTP request the link made.
const fs = require("node:fs");
const path = require("node:path");
const { createHash } = require("node:crypto");
const { ApolloClient, InMemoryCache, HttpLink, gql } = require("@apollo/client/core");
const { createPersistedQueryLink } = require("@apollo/client/link/persisted-queries");

const [url, mode, documents] = process.argv.slice(2);
const requests = [];

async function loggedFetch(uri, options) {
  const response = await fetch(uri, options);
  const text = await response.clone().text();
  let body = {};
  try {
    body = JSON.parse(text);
  } catch (_) {}
  const sent = options.body ? JSON.parse(options.body) : {};
  const params = new URL(uri, url).searchParams;
  requests.push({
    method: options.method || "GET",
    withQuery: Boolean(sent.query || params.get("query")),
    withHash: Boolean(
      (sent.extensions && sent.extensions.persistedQuery) || params.get("extensions")
    ),
    status: response.status,
    codes: (body.errors || []).map((e) => (e.extensions || {}).code),
    cost: (body.extensions || {}).cost || null,
  });
  return response;
}

function client(useGETForHashedQueries = true) {
  const sha256 = (text) => createHash("sha256").update(text).digest("hex");
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    new HttpLink({ uri: url, fetch: loggedFetch })
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

const read = (name) => gql(fs.readFileSync(path.join(documents, name), "utf8"));

async function outcome(run) {
  try {
    const result = await run();
    return { data: result.data, errors: (result.errors || []).map((e) => e.message) };
  } catch (error) {
    const graphQLErrors = (error.graphQLErrors || []).map((e) => (e.extensions || {}).code);
    const network = error.networkError && error.networkError.result;
    const networkCodes = ((network && network.errors) || []).map((e) => (e.extensions || {}).code);
    return { failed: true, codes: [...graphQLErrors, ...networkCodes], message: error.message };
  }
}

async function main() {
  const results = {};
  const steps = read("steps.graphql");
  const actors = read("actors.graphql");
  if (mode === "apq") {
    const first = client();
    results.stepsFirst = await outcome(() => first.query({ query: steps, fetchPolicy: "no-cache" }));
    results.stepsAgain = await outcome(() => first.query({ query: steps, fetchPolicy: "no-cache" }));
    // a new client (another page load): the server still knows the hash
    const second = client();
    results.stepsOtherClient = await outcome(() =>
      second.query({ query: steps, fetchPolicy: "no-cache" })
    );
    results.actors = await outcome(() =>
      second.query({ query: actors, variables: { first: 5 }, fetchPolicy: "no-cache" })
    );
    // the link's default: hashes by POST too
    const posting = client(false);
    const byPost = gql("query ByPost { planSteps { position } }");
    for (const name of ["byPostFirst", "byPostAgain"]) {
      results[name] = await outcome(() => posting.query({ query: byPost, fetchPolicy: "no-cache" }));
    }
  } else {
    const trusted = client();
    results.steps = await outcome(() => trusted.query({ query: steps, fetchPolicy: "no-cache" }));
    results.actors = await outcome(() =>
      trusted.query({ query: actors, variables: { first: 5 }, fetchPolicy: "no-cache" })
    );
    const untrusted = gql("query Untrusted { planSteps { position } }");
    results.untrusted = await outcome(() =>
      trusted.query({ query: untrusted, fetchPolicy: "no-cache" })
    );
  }
  process.stdout.write(JSON.stringify({ results, requests }) + "\n");
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
