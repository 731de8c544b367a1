import { z } from 'zod';

/** The choice in the erase form that means every experiment. */
export const allExperiments = 'all';

const eraseFormSchema = z.object({
  participantId: z.string().trim().min(1).max(128),
  experiment: z.string().max(64).optional(),
  confirm: z.string().max(20).optional(),
});

export type EraseForm =
  | { ok: true; participantId: string; /** undefined: every experiment. */ experimentKey: string | undefined; confirmed: boolean }
  | { ok: false; problem: string; participantId: string; experiment: string };

/**
 * Reads the erase form (from the query of the confirmation page or the body
 * of the POST): a participant id, and an experiment chosen from the list or
 * `all` (missing or empty also means all, as on the command line).
 *
 * @example
 * eraseForm({ participantId: ' p-3 ', experiment: 'all' }, ['loan-anchor']);
 * // => { ok: true, participantId: 'p-3', experimentKey: undefined, confirmed: false }
 * eraseForm({ participantId: 'p-3', experiment: 'nope' }, ['loan-anchor']);
 * // => { ok: false, problem: 'Choose an experiment from the list, or all experiments.', … }
 */
export function eraseForm(input: unknown, experimentKeys: readonly string[]): EraseForm {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const echo = { participantId: typeof raw.participantId === 'string' ? raw.participantId.slice(0, 128) : '', experiment: typeof raw.experiment === 'string' ? raw.experiment.slice(0, 64) : allExperiments };
  const parsed = eraseFormSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: 'Enter the participant id (at most 128 characters) to erase.', ...echo };
  const { participantId, experiment, confirm } = parsed.data;
  const all = experiment === undefined || experiment === '' || experiment === allExperiments;
  if (!all && !experimentKeys.includes(experiment)) return { ok: false, problem: 'Choose an experiment from the list, or all experiments.', ...echo };
  return { ok: true, participantId, experimentKey: all ? undefined : experiment, confirmed: confirm === 'yes' };
}
