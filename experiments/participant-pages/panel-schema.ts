import { z } from 'zod';

/** Parameters of the entry link the platform itself uses; a panel may not claim them. */
export const reservedEntryParameters = ['lang', 'sig', 'test', 'stratum'] as const;

const parameterNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores, starting with a letter')
  .refine((name) => !(reservedEntryParameters as readonly string[]).includes(name), `is reserved by nudgelab (${reservedEntryParameters.join(', ')})`);

/**
 * The panel an experiment recruits from, as its entry links carry it: the
 * parameter holding the participant's panel id (Prolific's `PROLIFIC_PID`,
 * or `pid` by default) and the further parameters to record with each
 * participant (Prolific's `STUDY_ID` and `SESSION_ID`). Every value must be
 * 1–128 letters, digits or `. _ : @ -`; an `idPattern`, if declared, narrows
 * the id further (Prolific ids are 24 hexadecimal digits). A link whose
 * values do not fit gets the "this link is not valid" page.
 *
 * @example
 * panelSchema.parse({}); // => { idParameter: 'pid', recordParameters: [] }
 * panelSchema.parse({ idParameter: 'PROLIFIC_PID', recordParameters: ['STUDY_ID', 'SESSION_ID'], idPattern: '^[0-9a-f]{24}$' });
 */
export const panelSchema = z
  .object({
    idParameter: parameterNameSchema.default('pid').describe('The entry-link parameter holding the panel id, e.g. `PROLIFIC_PID`. Default `pid`.'),
    recordParameters: z
      .array(parameterNameSchema)
      .max(10)
      .default([])
      .describe('Further entry-link parameters recorded with each participant and exported as columns `panel_NAME`, e.g. `["STUDY_ID", "SESSION_ID"]`. Default none.'),
    idPattern: z
      .string()
      .max(200)
      .refine((pattern) => {
        try {
          new RegExp(pattern, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression')
      .optional()
      .describe('A regular expression the whole panel id must match, e.g. `^[0-9a-f]{24}$` for Prolific. Optional.'),
  })
  .strict()
  .refine((panel) => !panel.recordParameters.includes(panel.idParameter), { message: 'the id parameter is recorded anyway; do not list it again', path: ['recordParameters'] })
  .refine((panel) => new Set(panel.recordParameters).size === panel.recordParameters.length, { message: 'a parameter is listed twice', path: ['recordParameters'] })
  .default({ idParameter: 'pid', recordParameters: [] })
  .describe('The panel’s entry-link parameters: which one is the panel id, and which others are recorded.');

export type Panel = z.output<typeof panelSchema>;
