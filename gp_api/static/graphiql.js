// GraphiQL as GP API serves it (gp_api/graphiql.py writes the page; the libraries are in
// /static/vendor, built from frontend/package-lock.json). Queries and mutations are POSTed to
// /graphql; subscriptions go over graphql-transport-ws on the same path, with the Headers tab's
// headers (an Authorization: Bearer token) as the connection's parameters.
(function () {
  "use strict";

  var root = document.getElementById("graphiql");

  function fail(message) {
    root.textContent = "";
    var p = document.createElement("p");
    p.className = "gp-message";
    p.setAttribute("role", "alert");
    p.textContent = message;
    root.appendChild(p);
  }

  var needed = ["React", "ReactDOM", "GraphiQL", "GraphiQLPluginExplorer", "graphqlWs"];
  var absent = needed.filter(function (name) {
    return !window[name];
  });
  if (absent.length) {
    fail(
      "GraphiQL's files did not load from this server (" + absent.join(", ") + " missing): " +
        root.getAttribute("data-how") + "; then reload this page."
    );
    return;
  }

  // The <style> elements GraphiQL's dialogs inject carry the nonce the page's policy allows.
  var nonce = document.querySelector('meta[name="gp-style-nonce"]');
  if (nonce) {
    window.__webpack_nonce__ = nonce.getAttribute("content");
  }

  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href);
  var socketUrl = endpoint.href.replace(/^http/, "ws");
  var GraphQL = window.GraphiQL.GraphQL;

  // The operation to run: GraphiQL names the one under the cursor, but may still name one
  // the editor no longer holds when Ctrl-Enter follows an edit at once; then the document's
  // only operation is meant. A document that does not parse goes as it is: the server says
  // what is wrong with it.
  function prepared(params) {
    var document;
    try {
      document = GraphQL.parse(params.query);
    } catch (error) {
      return { params: params, subscription: false };
    }
    var operation = GraphQL.getOperationAST(document, params.operationName);
    if (!operation && params.operationName) {
      operation = GraphQL.getOperationAST(document, null);
      if (operation) {
        params = Object.assign({}, params, { operationName: null });
      }
    }
    return { params: params, subscription: Boolean(operation) && operation.operation === "subscription" };
  }

  function post(params, headers) {
    return fetch(endpoint.href, {
      method: "POST",
      headers: Object.assign(
        {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
        },
        headers
      ),
      body: JSON.stringify(params),
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (error) {
          return { errors: [{ message: "HTTP " + response.status + ": " + text.slice(0, 500) }] };
        }
      });
    });
  }

  // One WebSocket at a time, opened with the headers it was asked with; new headers, new socket.
  var socket = null;
  var socketKey = null;

  function socketFor(headers) {
    var key = JSON.stringify(headers);
    if (socket && socketKey !== key) {
      socket.dispose();
      socket = null;
    }
    if (!socket) {
      socket = window.graphqlWs.createClient({
        url: socketUrl,
        connectionParams: headers,
        lazy: true,
        retryAttempts: 3,
        // A refused token (4403) or request (44xx) is not retried: the result pane says so.
        shouldRetry: function (error) {
          return !(error && typeof error.code === "number" && error.code >= 4400 && error.code < 4500);
        },
      });
      socketKey = key;
    }
    return socket;
  }

  function closed(error) {
    if (error && typeof error.code === "number") {
      return "the server closed the connection (" + error.code + (error.reason ? ": " + error.reason : "") + ")";
    }
    return error && error.message ? error.message : String(error);
  }

  function subscribe(params, headers) {
    return {
      subscribe: function (observer) {
        var stop = socketFor(headers).subscribe(
          { query: params.query, variables: params.variables, operationName: params.operationName },
          {
            next: function (value) {
              observer.next(value);
            },
            error: function (error) {
              if (Array.isArray(error)) {
                observer.next({ errors: error });
              } else {
                observer.next({ errors: [{ message: closed(error) }] });
              }
              observer.complete();
            },
            complete: function () {
              observer.complete();
            },
          }
        );
        return { unsubscribe: stop };
      },
    };
  }

  function fetcher(params, options) {
    var headers = (options && options.headers) || {};
    var operation = prepared(params);
    return operation.subscription
      ? subscribe(operation.params, headers)
      : post(operation.params, headers);
  }

  // What the page opens with: how to authenticate, on this server, then the plan of action.
  var access =
    root.getAttribute("data-public-read") === "true"
      ? ["# Reads need no token. Writes, and what only", "# some roles see, take one: under Headers write"]
      : ["# This server needs a token for every request,", "# reads included: under Headers write"];
  var DEFAULT_QUERY = [
    "# GP API: Global Partnership against Slavery",
    "# and Trafficking in Human Beings.",
    "#",
  ]
    .concat(access, [
      '#   {"Authorization": "Bearer gpa_..."}',
      "# (gp-api token create --role ADMIN --name me).",
      "# Subscriptions send the same headers.",
      "#",
      "# Ctrl-Enter runs. The explorer (left) builds",
      "# a query by clicking; the book opens the docs.",
      "",
      "query PlanOfAction {",
      "  planSteps {",
      "    position",
      "    title",
      "    status",
      "    achievedAt",
      "  }",
      "}",
      "",
    ])
    .join("\n");

  var explorer = window.GraphiQLPluginExplorer.explorerPlugin({ showAttribution: false });
  var graphiql = window.React.createElement(
    window.GraphiQL,
    {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    },
    window.React.createElement(window.GraphiQL.Logo, null, "GP API")
  );
  window.ReactDOM.createRoot(root).render(graphiql);
})();
