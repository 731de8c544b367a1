import Database from 'better-sqlite3';
import { headerValue, httpLoad } from '../http-load';
import type { ExposedParticipant } from './participant-screen';

/** What the screen script posts with a decision: a few changes and an opened panel. */
const processData = JSON.stringify({
  version: 1,
  timeToDecisionMs: 8421,
  events: [
    { kind: 'change', field: 'amount', value: '7000', atMs: 3100 },
    { kind: 'panel', field: 'apr', value: 'open', atMs: 4200 },
    { kind: 'change', field: 'amount', value: '7500', atMs: 6800 },
    { kind: 'change', field: 'term', value: '60', atMs: 7900 },
  ],
});

/** How many loan-anchor decisions an SQLite database holds (read-only, beside the running server). */
export function countLoanAnchorDecisions(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM decisions WHERE experiment_key = 'loan-anchor'").pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * Every exposed participant submits one decision (form validation, process
 * data, and the durable insert of the decision and its events). Afterwards
 * the SQLite database is counted: every acknowledged decision must be there once.
 */
export async function decisionSubmit(baseUrl: string, databasePath: string | null, participants: readonly ExposedParticipant[], { connections }: { connections: number }) {
  let next = 0;
  let acknowledged = 0;
  // With no SQLite path (a PostgreSQL server), the caller counts.
  const countDecisions = () => (databasePath === null ? 0 : countLoanAnchorDecisions(databasePath));
  const before = countDecisions();
  const load = await httpLoad({
    url: baseUrl,
    connections,
    amount: participants.length,
    requests: [
      {
        method: 'POST',
        path: '/e/loan-anchor/screen',
        setupRequest: (request) => {
          const participant = participants[next++ % participants.length]!;
          request.headers = { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', cookie: participant.cookie };
          request.body = `_csrf=${encodeURIComponent(participant.csrf)}&amount=7500&term=60&processData=${encodeURIComponent(processData)}`;
          return request;
        },
        onResponse: (status, _body, _context, headers) => {
          if (status === 303 && headerValue(headers, 'location') === '/e/loan-anchor/questionnaire') acknowledged += 1;
        },
      },
    ],
  });
  const stored = countDecisions() - before;
  return { load, acknowledged, stored, lost: acknowledged - stored };
}
