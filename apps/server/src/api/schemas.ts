// JSON Schemas of the API: Fastify validates every body against them (unknown fields refused) and
// @fastify/swagger turns them into the OpenAPI document served at /openapi.json.
import { EMOTIONS, LIPSYNC_MODES, MODEL_MODES } from '@reanimate/core';

const url = { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://' } as const;

export const inputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: { ...url, description: 'An http(s) URL the server can fetch: an object in the team’s bucket.' },
  },
} as const;

export const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    emotion: { type: 'string', enum: [...EMOTIONS] },
    model_mode: { type: 'string', enum: [...MODEL_MODES] },
    lipsync_mode: { type: 'string', enum: [...LIPSYNC_MODES] },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

const rerunSchema = {
  type: 'boolean',
  description: 'Pay again for inputs and options that already have a job. Never the default.',
} as const;

const retryFailedSchema = {
  type: 'boolean',
  description:
    'Pay again only if the latest job of these inputs and options failed, was lost or its output expired; ' +
    'a live or done job is joined as usual. Without it (or rerun), such a job is returned as it ended.',
} as const;

/** A submission's work and how to treat work that already has a job: what a submit and an estimate both take. */
const workProperties = {
  video: inputSchema,
  audio: inputSchema,
  options: optionsSchema,
  rerun: rerunSchema,
  retryFailed: retryFailedSchema,
} as const;

export const submitSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['video', 'audio'],
  properties: { ...workProperties, label: { type: 'string', maxLength: 200 } },
} as const;

/** What a submission of the same body would cost, and whether it would join an existing job. */
export const estimateSchema = { ...submitSchema, properties: workProperties } as const;

export const newUserSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9._@-]+$' },
    role: { type: 'string', enum: ['admin', 'editor'] },
  },
} as const;

export const jobIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^j_[0-9a-f]{20}$' } },
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              message: { type: 'string' },
              params: { type: 'object', additionalProperties: true },
            },
          },
        },
      },
    },
  },
} as const;
