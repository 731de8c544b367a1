import { z } from 'zod';
import { apiErrorSchema, apiEventsRequestSchema, apiEventsResponseSchema, assignmentRequestSchema, assignmentResponseSchema } from './api-schemas';

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  return jsonSchema;
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });

/**
 * The OpenAPI 3.1 description of the lender API, generated from the zod
 * schemas that validate the requests, so the document cannot drift from the code.
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
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The secret printed once by `nudgelab api-key create`.' } },
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
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AssignmentRequest' } } } },
          responses: {
            '200': { description: 'The visitor’s arm', content: { 'application/json': { schema: { $ref: '#/components/schemas/AssignmentResponse' } } } },
            '400': errorResponse('Invalid request; `problems` names each field'),
            '401': errorResponse('Missing, unknown or revoked API key'),
            '403': errorResponse('The key has no access to this experiment'),
            '404': errorResponse('No such experiment'),
            '413': errorResponse('Request body too large'),
            '429': errorResponse('Rate limit of this key exceeded'),
          },
        },
      },
      '/api/v1/events': {
        post: {
          operationId: 'recordEvents',
          summary: 'Send what visitors did',
          description: 'One event or a batch of up to 1,000, stored all or nothing; repeated idempotency keys are stored once.',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiEventsRequest' } } } },
          responses: {
            '200': { description: 'Stored', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiEventsResponse' } } } },
            '400': errorResponse('Invalid events; `problems` names the index and field, e.g. `events[3].value`'),
            '401': errorResponse('Missing, unknown or revoked API key'),
            '403': errorResponse('The key has no access to an event’s experiment'),
            '413': errorResponse('Request body too large'),
            '422': errorResponse('An event’s unit was never assigned in its experiment; nothing was stored'),
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
    },
  };
}
