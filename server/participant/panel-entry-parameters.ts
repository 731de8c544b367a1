import { z } from 'zod';
import type { Panel } from '../../experiments/participant-pages/panel-schema';

/** A value a panel puts in a link: letters, digits and . _ : @ -, at most 128 characters. */
export const panelValueSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{N}._:@-]+$/u);

export type PanelEntryReading =
  | { ok: true; panelId: string | undefined; recorded: Record<string, string> }
  | { ok: false; parameter: string };

/** A single query value: Express gives arrays for repeated parameters, which no panel sends. */
function singleValue(value: unknown): string | undefined | null {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * Reads an entry link's panel parameters as the experiment's panel declares
 * them: the panel id from `idParameter` (absent for a direct visitor) and
 * each of `recordParameters` that the link carries. A value that is not a
 * plausible panel value (too long, odd characters, repeated, or not matching
 * the declared `idPattern`) makes the whole link invalid, naming the
 * parameter, so that nothing half-read is stored.
 *
 * @example
 * readPanelEntry({ idParameter: 'PROLIFIC_PID', recordParameters: ['STUDY_ID'] }, { PROLIFIC_PID: '5f0c…', STUDY_ID: 's1' });
 * // => { ok: true, panelId: '5f0c…', recorded: { STUDY_ID: 's1' } }
 * readPanelEntry({ idParameter: 'pid', recordParameters: [] }, { pid: '<script>' }); // => { ok: false, parameter: 'pid' }
 */
export function readPanelEntry(panel: Panel, parameters: Record<string, unknown>): PanelEntryReading {
  const rawId = singleValue(parameters[panel.idParameter]);
  if (rawId === null) return { ok: false, parameter: panel.idParameter };
  let panelId: string | undefined;
  if (rawId !== undefined) {
    const parsed = panelValueSchema.safeParse(rawId);
    if (!parsed.success) return { ok: false, parameter: panel.idParameter };
    if (panel.idPattern !== undefined && !new RegExp(panel.idPattern, 'u').test(parsed.data)) return { ok: false, parameter: panel.idParameter };
    panelId = parsed.data;
  }
  const recorded: Record<string, string> = {};
  for (const name of panel.recordParameters) {
    const raw = singleValue(parameters[name]);
    if (raw === undefined) continue;
    const parsed = raw === null ? undefined : panelValueSchema.safeParse(raw);
    if (!parsed?.success) return { ok: false, parameter: name };
    recorded[name] = parsed.data;
  }
  return { ok: true, panelId, recorded };
}
