import { z } from 'zod';
import type { ProcessData } from '../store/store';

/** The largest process-data payload accepted, in characters of JSON. */
export const maximumProcessDataLength = 64 * 1024;
const oneDayMs = 86_400_000;

/** What the screen script posts in the hidden `processData` field. */
export const processDataSchema = z
  .object({
    version: z.literal(1),
    timeToDecisionMs: z.number().min(0).max(oneDayMs),
    events: z
      .array(
        z
          .object({
            kind: z.enum(['change', 'panel']),
            field: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/).nullable(),
            value: z.string().max(200).nullable(),
            atMs: z.number().min(0).max(oneDayMs),
          })
          .strict(),
      )
      .max(1000),
  })
  .strict();

export type ProcessDataResult =
  | { ok: true; processData: ProcessData; timeToDecisionMs: number | null }
  | { ok: false; problem: 'oversized' | 'malformed' };

/**
 * Reads the process data a screen posts with its decision. Absent (the
 * browser ran no JavaScript) is fine: the decision is stored and the process
 * data marked missing. Present but oversized or malformed is refused, so that
 * nothing half-valid is stored.
 *
 * @example
 * parseProcessData(undefined); // => { ok: true, processData: { status: 'missing' }, timeToDecisionMs: null }
 */
export function parseProcessData(raw: unknown): ProcessDataResult {
  if (raw === undefined || raw === '') return { ok: true, processData: { status: 'missing' }, timeToDecisionMs: null };
  if (typeof raw !== 'string') return { ok: false, problem: 'malformed' };
  if (raw.length > maximumProcessDataLength) return { ok: false, problem: 'oversized' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const parsed = processDataSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'malformed' };
  return { ok: true, processData: { status: 'recorded', events: parsed.data.events }, timeToDecisionMs: parsed.data.timeToDecisionMs };
}
