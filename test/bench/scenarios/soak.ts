import Database from 'better-sqlite3';
import { headerValue, httpLoad, stateOf } from '../http-load';
import { processMemory } from '../process-memory';
import { consentAndScreenRequests, csrfPair } from './participant-screen';

/**
 * The soak test: `seconds` of mixed traffic at `requestsPerSecond` in all —
 * 60% panel participants (consent, screen, decision), 40% lender API
 * (assignment, then a batch of 10 events) — against one server process.
 * Counts errors, compares acknowledged decisions with stored ones, and
 * samples the server's resident memory every 2 seconds.
 */
export async function soak(baseUrl: string, serverPid: number, databasePath: string, secret: string, { seconds, requestsPerSecond, settleSeconds = 15, runName = 'soak' }: { seconds: number; requestsPerSecond: number; settleSeconds?: number; runName?: string }) {
  const csrf = await csrfPair(baseUrl, 'loan-anchor');
  const acknowledged = new Set<string>();
  let next = 0;
  const samples: { atSeconds: number; rssMb: number }[] = [];
  const started = performance.now();
  const sampler = setInterval(() => samples.push({ atSeconds: (performance.now() - started) / 1000, rssMb: processMemory(serverPid).rssMb }), 2000);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const json = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const [panel, api] = await Promise.all([
    httpLoad({
      url: baseUrl,
      connections: 20,
      duration: seconds,
      overallRate: Math.round(requestsPerSecond * 0.6),
      requests: [
        ...consentAndScreenRequests('loan-anchor', csrf, () => `${runName}-${next++}`),
        {
          method: 'POST',
          path: '/e/loan-anchor/screen',
          setupRequest: (request, context) => {
            request.headers = { ...request.headers, ...form, cookie: stateOf(context).cookie! };
            request.body = `_csrf=${encodeURIComponent(csrf.token)}&amount=6500&term=36&processData=`;
            return request;
          },
          onResponse: (status, _body, context, headers) => {
            if (status === 303 && headerValue(headers, 'location') === '/e/loan-anchor/questionnaire') acknowledged.add(stateOf(context).pid!);
          },
        },
      ],
    }),
    httpLoad({
      url: baseUrl,
      connections: 20,
      duration: seconds,
      overallRate: Math.round(requestsPerSecond * 0.4),
      requests: [
        {
          method: 'POST',
          path: '/api/v1/assignments',
          setupRequest: (request, context) => {
            stateOf(context).unitId = `${runName}-unit-${next++}`;
            request.headers = { ...request.headers, ...json };
            request.body = JSON.stringify({ experiment: 'credit-choice', unitId: stateOf(context).unitId });
            return request;
          },
        },
        {
          method: 'POST',
          path: '/api/v1/events',
          setupRequest: (request, context) => {
            request.headers = { ...request.headers, ...json };
            request.body = JSON.stringify(
              Array.from({ length: 10 }, (_, index) => ({ experiment: 'credit-choice', unitId: stateOf(context).unitId, name: 'page_view', value: index, idempotencyKey: `${stateOf(context).unitId!}#${index}` })),
            );
            return request;
          },
        },
      ],
    }),
  ]);
  clearInterval(sampler);
  const db = new Database(databasePath, { readonly: true });
  const stored = new Set(db.prepare("SELECT participant_id FROM decisions WHERE experiment_key = 'loan-anchor' AND participant_id LIKE ? || '-%'").pluck().all(runName) as string[]);
  db.close();
  const lost = [...acknowledged].filter((pid) => !stored.has(pid)).length;
  // Memory after `settleSeconds`: the least-squares trend of the samples, so
  // that garbage-collection swings of ±10% do not read as growth.
  const settled = samples.filter((sample) => sample.atSeconds >= settleSeconds);
  const meanTime = settled.reduce((sum, sample) => sum + sample.atSeconds, 0) / settled.length;
  const meanMb = settled.reduce((sum, sample) => sum + sample.rssMb, 0) / settled.length;
  const slopeMbPerSecond =
    settled.reduce((sum, sample) => sum + (sample.atSeconds - meanTime) * (sample.rssMb - meanMb), 0) /
    settled.reduce((sum, sample) => sum + (sample.atSeconds - meanTime) ** 2, 0);
  const trendGrowthMb = slopeMbPerSecond * (settled.at(-1)!.atSeconds - settled[0]!.atSeconds);
  return {
    requests: panel.requests + api.requests,
    requestsPerSecond: panel.requestsPerSecond + api.requestsPerSecond,
    p99Ms: Math.max(panel.p99Ms, api.p99Ms),
    errors: panel.errors + api.errors,
    failedStatuses: panel.failedStatuses + api.failedStatuses,
    acknowledgedDecisions: acknowledged.size,
    lostDecisions: lost,
    memory: { samples, meanMb, slopeMbPerMinute: slopeMbPerSecond * 60, trendGrowthMb, trendGrowthPercent: (trendGrowthMb / meanMb) * 100 },
  };
}
