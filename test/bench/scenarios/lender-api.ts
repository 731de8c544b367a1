import { httpLoad, stateOf } from '../http-load';

/**
 * A lender's funnel through the API: new visitors assigned (one request
 * each), then batches of `batchSize` events for assigned visitors, each with
 * its own idempotency key. Returns requests and events per second.
 */
export async function lenderApi(baseUrl: string, secret: string, { connections, seconds, batchSize }: { connections: number; seconds: number; batchSize: number }) {
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  let nextUnit = 0;
  const assigned: string[] = [];
  const assignments = await httpLoad({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/assignments',
        setupRequest: (request, context) => {
          stateOf(context).unitId = `visitor-${nextUnit++}`;
          request.headers = { ...request.headers, ...headers };
          request.body = JSON.stringify({ experiment: 'credit-choice', unitId: stateOf(context).unitId });
          return request;
        },
        onResponse: (status, _body, context) => {
          if (status === 200) assigned.push(stateOf(context).unitId!);
        },
      },
    ],
  });
  let nextBatch = 0;
  let eventsStored = 0;
  const events = await httpLoad({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/events',
        setupRequest: (request) => {
          const batch = nextBatch++;
          request.headers = { ...request.headers, ...headers };
          request.body = JSON.stringify(
            Array.from({ length: batchSize }, (_, index) => ({
              experiment: 'credit-choice',
              unitId: assigned[(batch * batchSize + index) % assigned.length],
              name: index % 10 === 0 ? 'loan_accepted' : 'page_view',
              value: index % 10 === 0 ? true : index,
              idempotencyKey: `batch-${batch}-${index}`,
            })),
          );
          return request;
        },
        onResponse: (status, body) => {
          if (status === 200) eventsStored += (JSON.parse(body) as { stored: number }).stored;
        },
      },
    ],
  });
  return { assignments, assignedUnits: assigned.length, events, eventsPerSecond: eventsStored / events.seconds, eventsStored };
}
