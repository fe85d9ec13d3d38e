// Runs the graphql-http audit against the URL given, and prints one JSON line per audit that
// did not pass ({id, name, status, reason}), then a last line with the counts.
import { auditServer } from 'graphql-http';

const results = await auditServer({ url: process.argv[2] });
const counts = { ok: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    const { id, name, status, reason } = result;
    console.log(JSON.stringify({ id, name, status, reason }));
  }
}
console.log(JSON.stringify(counts));
