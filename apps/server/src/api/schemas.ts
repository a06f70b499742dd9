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

export const submitSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['video', 'audio'],
  properties: {
    video: inputSchema,
    audio: inputSchema,
    options: optionsSchema,
    rerun: {
      type: 'boolean',
      description: 'Pay again for inputs and options that already have a job. Never the default.',
    },
    label: { type: 'string', maxLength: 200 },
  },
} as const;

export const estimateSchema = {
  ...submitSchema,
  properties: { video: inputSchema, audio: inputSchema, options: optionsSchema },
} as const;

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
