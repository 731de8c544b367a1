import { z } from 'zod';
import { apiErrorSchema, apiEventsRequestSchema, apiEventsResponseSchema, assignmentRequestSchema, assignmentResponseSchema } from './api-schemas';

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  return jsonSchema;
};

const errorResponse = (description: string, example?: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' }, ...(example ? { example: { error: example } } : {}) } },
});

/** The path parameter every per-experiment route takes. */
const experimentKeyParameter = {
  name: 'experimentKey',
  in: 'path',
  required: true,
  description: 'The experiment key, e.g. `loan-anchor`.',
  schema: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
  example: 'loan-anchor',
};

/** The answers every route that reads an experiment's data shares. */
const readErrors = {
  '401': errorResponse('Neither a session nor a valid API key', 'sign in at /admin/login or send an API key'),
  '403': errorResponse('The key has no access to this experiment', 'this API key has no access to this experiment'),
  '404': errorResponse('No such experiment', 'no experiment "loan-anchr"'),
  '429': errorResponse('Rate limit exceeded (exports and results: 30 a minute per key or user by default)'),
};

/** Routes that read an experiment's data take a signed-in session or an API key with access to the experiment. */
const sessionOrKey = [{ bearer: [] }, { session: [] }];

/**
 * The OpenAPI 3.1 description of every route an API key can call: the lender
 * API (assignments, events, the GrowthBook payload) and the per-experiment
 * results, codebook and exports. Request and response schemas are generated
 * from the zod schemas that validate them, so the document cannot drift from
 * the code; each operation carries an example a reader can paste.
 *
 * @example
 * Object.keys(openApiDocument().paths); // => ['/api/v1/assignments', '/api/v1/events', '/api/features/{clientKey}', …]
 */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'nudgelab lender API',
      version: '1.0.0',
      description:
        'Assign visitors to experiment arms, send back what they decided, and load the running experiments as a GrowthBook SDK payload. Authenticate with `Authorization: Bearer SECRET` (create a key with `npx nudgelab api-key create`).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The secret printed once by `nudgelab api-key create` (or on /admin/api-keys).' },
        session: { type: 'apiKey', in: 'cookie', name: 'nudgelab_session', description: 'A researcher signed in to the workspace (/admin/login).' },
      },
      schemas: {
        AssignmentRequest: jsonSchemaOf(assignmentRequestSchema, 'input'),
        AssignmentResponse: jsonSchemaOf(assignmentResponseSchema, 'output'),
        ApiEventsRequest: jsonSchemaOf(apiEventsRequestSchema, 'input'),
        ApiEventsResponse: jsonSchemaOf(apiEventsResponseSchema, 'output'),
        ApiError: jsonSchemaOf(apiErrorSchema, 'output'),
      },
    },
    paths: {
      '/api/v1/assignments': {
        post: {
          operationId: 'createAssignment',
          summary: 'The arm for a visitor',
          description:
            'Same randomisation and stickiness as the participant flow (GrowthBook hashing, or the next position of a permuted block for experiments declared with permuted blocks; those within strata need `stratum`); records the exposure once.',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/AssignmentRequest' }, example: { experiment: 'credit-choice', unitId: 'visitor-123', attributes: { income_band: '2000-3500' } } },
            },
          },
          responses: {
            '200': {
              description: 'The visitor’s arm',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/AssignmentResponse' },
                  example: {
                    experiment: 'credit-choice',
                    unitId: 'visitor-123',
                    variant: 'none-shown',
                    params: { productOrder: 'randomised', preselected: null, showTotalCostAndPayoff: true, wording: {} },
                    inExperiment: true,
                  },
                },
              },
            },
            '400': errorResponse('Invalid request; `problems` names each field'),
            '401': errorResponse('Missing, unknown or revoked API key'),
            '403': errorResponse('The key has no access to this experiment'),
            '404': errorResponse('No such experiment'),
            '409': errorResponse('The unit id belongs to a participant of the participant pages'),
            '413': errorResponse('Request body too large'),
            '429': errorResponse('Rate limit of this key exceeded'),
          },
        },
      },
      '/api/v1/events': {
        post: {
          operationId: 'recordEvents',
          summary: 'Send what visitors did',
          description: 'One event or a batch of up to 1,000, for units this key assigned, stored all or nothing; an idempotency key this key used before is stored once (idempotency keys are per API key).',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ApiEventsRequest' },
                example: [{ experiment: 'credit-choice', unitId: 'visitor-123', name: 'loan_accepted', value: true, idempotencyKey: 'acc-123' }],
              },
            },
          },
          responses: {
            '200': { description: 'Stored', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiEventsResponse' }, example: { stored: 1, duplicates: 0 } } } },
            '400': errorResponse('Invalid events; `problems` names the index and field, e.g. `events[3].value`'),
            '401': errorResponse('Missing, unknown or revoked API key'),
            '403': errorResponse('The key has no access to an event’s experiment'),
            '413': errorResponse('Request body too large'),
            '422': errorResponse('An event’s unit was never assigned by this key in its experiment (the same answer whether nobody or someone else assigned it); nothing was stored'),
            '429': errorResponse('Rate limit of this key exceeded'),
          },
        },
      },
      '/api/features/{clientKey}': {
        get: {
          operationId: 'features',
          summary: 'GrowthBook SDK payload',
          description:
            'The experiments of this client key as GrowthBook features with experiment rules (hash version 2). Experiments randomised in permuted blocks are left out: their arms depend on the order of entry, kept in the database, which no SDK can reproduce from a hash; assign their visitors with POST /api/v1/assignments. Cacheable; supports If-None-Match.',
          parameters: [{ name: 'clientKey', in: 'path', required: true, schema: { type: 'string', pattern: '^sdk-' } }],
          responses: {
            '200': { description: 'The payload', content: { 'application/json': { schema: { type: 'object' } } } },
            '304': { description: 'Not modified since the ETag sent' },
            '404': errorResponse('Unknown or revoked client key'),
          },
        },
      },
      '/api/v1/experiments/{experimentKey}/results': {
        get: {
          operationId: 'experimentResults',
          summary: 'The results',
          description:
            'The analysis engine’s figures for every declared outcome, as the results page shows them and `nudgelab analyze` prints them: the sample-ratio check, per-arm summaries and each comparison with its interval, p-value, adjusted p-value and effect sizes. Over the whole experiment, so an API key needs the `results` scope (403 without it).',
          security: sessionOrKey,
          parameters: [experimentKeyParameter],
          responses: {
            '200': { description: 'The analysis report', content: { 'application/json': { schema: { type: 'object' } } } },
            ...readErrors,
          },
        },
      },
      '/api/v1/experiments/{experimentKey}/codebook.json': {
        get: {
          operationId: 'experimentCodebook',
          summary: 'The codebook',
          description: 'Every column of both exports (meaning, type, unit, allowed values) and the analysis plan as frozen when the experiment started.',
          security: sessionOrKey,
          parameters: [experimentKeyParameter],
          responses: {
            '200': { description: 'The codebook', content: { 'application/json': { schema: { type: 'object' } } } },
            ...readErrors,
          },
        },
      },
      '/api/v1/experiments/{experimentKey}/export.csv': {
        get: {
          operationId: 'exportParticipants',
          summary: 'Participant data as CSV',
          description:
            'One row per participant, streamed; the columns are described by the codebook. With an API key, only the units that key assigned. Empty cells are missing values, binary columns are 1/0, times are UTC ISO 8601.',
          security: sessionOrKey,
          parameters: [experimentKeyParameter],
          responses: {
            '200': { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' }, example: 'participant_id,panel_id,source,arm,locale,device,entered_at,…\np-1,p-1,panel,control,nl,desktop,2026-03-01T09:00:00.000Z,…\n' } } },
            ...readErrors,
          },
        },
      },
      '/api/v1/experiments/{experimentKey}/process-events.csv': {
        get: {
          operationId: 'exportProcessEvents',
          summary: 'Process events as CSV',
          description: 'One row per interaction on a credit screen (field changes with value and time, information panels opened), participant by participant, in order. With an API key, only the units that key assigned.',
          security: sessionOrKey,
          parameters: [experimentKeyParameter],
          responses: {
            '200': {
              description: 'The CSV file',
              content: { 'text/csv': { schema: { type: 'string' }, example: 'participant_id,arm,sequence,kind,field,value,at_ms\np-1,control,0,change,amount,7000,5120\n' } },
            },
            ...readErrors,
          },
        },
      },
    },
  };
}
