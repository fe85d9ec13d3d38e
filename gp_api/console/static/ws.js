// A small graphql-transport-ws client (the protocol: PROTOCOL.md of the graphql-ws project):
// ConnectionInit with the token, ConnectionAck, Subscribe / Next / Error / Complete, Ping / Pong.
// It reconnects with backoff and resubscribes; what to resume from is the caller's business
// (`variables()` is asked again at every (re)subscription).

const PROTOCOL = "graphql-transport-ws";

export class Socket {
  constructor({ url, token, onStatus, onAuthFailure }) {
    this.url = url;
    this.token = token;
    this.onStatus = onStatus || (() => {});
    this.onAuthFailure = onAuthFailure || (() => {});
    this.subscriptions = new Map(); // id -> { query, variables(), sink }
    this.nextId = 1;
    this.ws = null;
    this.acked = false;
    this.stopped = false;
    this.attempt = 0;
    this.timer = null;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, "signed out");
    this.ws = null;
    this.onStatus("closed");
  }

  // Close the connection and stay disconnected until resume(): the subscriptions are kept,
  // and sent again (with fresh variables) once the connection is back.
  pause() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, "paused");
    this.ws = null;
    this.acked = false;
    this.onStatus("paused");
  }

  resume() {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  get paused() {
    return this.stopped;
  }

  subscribe(query, variables, sink) {
    const id = String(this.nextId++);
    this.subscriptions.set(id, { query, variables, sink });
    if (this.acked) this.send({ id, type: "subscribe", payload: { query, variables: variables() } });
    return () => {
      this.subscriptions.delete(id);
      if (this.acked) this.send({ id, type: "complete" });
    };
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  open() {
    const url = this.url.replace(/^http/, "ws");
    const ws = new WebSocket(url, PROTOCOL);
    this.ws = ws;
    this.acked = false;
    this.onStatus(this.attempt ? "reconnecting" : "connecting");
    ws.onopen = () => {
      const payload = this.token ? { Authorization: `Bearer ${this.token}` } : {};
      ws.send(JSON.stringify({ type: "connection_init", payload }));
    };
    ws.onmessage = (event) => this.receive(ws, JSON.parse(event.data));
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.acked = false;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === 4403 || event.code === 4401) {
        this.onStatus("refused");
        this.onAuthFailure(event.reason || "the token was refused");
        return;
      }
      this.attempt += 1;
      const delay = Math.min(10000, 500 * 2 ** Math.min(this.attempt - 1, 5));
      this.onStatus("offline", delay);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }

  receive(ws, message) {
    switch (message.type) {
      case "connection_ack":
        this.acked = true;
        this.attempt = 0;
        this.onStatus("live");
        for (const [id, sub] of this.subscriptions) {
          this.send({ id, type: "subscribe", payload: { query: sub.query, variables: sub.variables() } });
        }
        break;
      case "ping":
        ws.send(JSON.stringify({ type: "pong" }));
        break;
      case "next":
        this.subscriptions.get(message.id)?.sink.next(message.payload);
        break;
      case "error":
        this.subscriptions.get(message.id)?.sink.error(message.payload);
        break;
      case "complete":
        this.subscriptions.get(message.id)?.sink.complete?.();
        break;
      default:
        break;
    }
  }
}
