import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import swagger from '@fastify/swagger';
import { type InputHost, type ModelPrice, type Pipeline, ReanimateError, type S3Host } from '@reanimate/core';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { addUser, type Role, type User, userForKey } from '../auth/api-keys.js';
import type { Database } from '../db/pool.js';
import { FINAL_STATES } from '../jobs/states.js';
import { type Enqueue, latestRun, type SubmitBody, submitJob, workOf } from '../jobs/submit.js';
import { jobFor, jobsFor } from '../jobs/views.js';
import type { RunEvents } from './run-events.js';
import { errorSchema, estimateSchema, jobIdParams, newUserSchema, submitSchema } from './schemas.js';
import { uploadRoutes } from './uploads.js';

export interface AppDeps {
  db: Database;
  enqueue: Enqueue;
  events: RunEvents;
  /** The server's own pipeline (its journal is the database): estimates and cancels. */
  pipeline: Pipeline;
  /** The service's price with the team's account (cached by the caller). */
  price: () => Promise<ModelPrice>;
  /** The team's bucket, when the server has one: uploads through the server. */
  inputHost?: (() => InputHost) | undefined;
  bodyLimit: number;
  fetcher?: typeof fetch;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | undefined;
  }
}

/** Our errors as JSON, with a stable code; a 5xx never shows internals. */
function errorBody(code: string, message: string, hint?: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...(hint ? { hint } : {}), ...extra } };
}

function userOf(request: FastifyRequest): User {
  if (!request.user) throw Object.assign(new Error('not signed in'), { statusCode: 401 });
  return request.user;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db } = deps;
  const app = Fastify({
    bodyLimit: deps.bodyLimit,
    logger: false,
    // Unknown fields are refused, never dropped or coerced: a typo in an option must not silently run defaults.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true },
    },
  });
  app.decorateRequest('user', undefined);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Reanimate team server',
        version: '1',
        description:
          'Submit react-1 lipsync jobs for a team sharing one RunComfy account: deduplicated across editors, ' +
          'within the account’s limits, followed live (SSE).',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      return reply.status(400).send(
        errorBody('bad_request', `The request is not valid: ${error.message}.`, 'See GET /openapi.json.', {
          issues: error.validation.map((v) => ({
            field: v.instancePath || '(body)',
            message: v.message,
            params: v.params,
          })),
        }),
      );
    }
    if (ReanimateError.isInstance(error)) {
      const status = error.code === 'input' ? 400 : error.code === 'auth' ? 502 : 502;
      return reply.status(status).send(errorBody(error.code, error.message, error.hint));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'body_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 401
              ? 'unauthorized'
              : 'bad_request';
      return reply.status(status).send(errorBody(code, error.message));
    }
    return reply.status(500).send(errorBody('internal', 'The server failed; the error is in its log.'));
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/openapi.json' || request.url === '/healthz') return;
    const header = request.headers.authorization ?? '';
    const key = /^Bearer (\S+)$/.exec(header)?.[1];
    const user = key ? await userForKey(db, key) : undefined;
    if (!user) {
      return reply
        .status(401)
        .send(
          errorBody(
            'unauthorized',
            'A valid API key is required.',
            'Send "Authorization: Bearer <your key>"; an admin issues keys.',
          ),
        );
    }
    request.user = user;
  });

  const requireRole = (role: Role) => async (request: FastifyRequest) => {
    if (userOf(request).role !== role)
      throw Object.assign(new Error(`Only an ${role} may do this.`), { statusCode: 403 });
  };

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post<{ Body: SubmitBody }>(
    '/v1/jobs',
    { schema: { body: submitSchema, response: { 400: errorSchema } } },
    async (request, reply) => {
      const user = userOf(request);
      const submitted = await submitJob(db, user, request.body, deps.enqueue, deps.fetcher);
      const job = await jobFor(db, user, submitted.requestId);
      return reply.status(submitted.deduplicated ? 200 : 201).send({ job: publicView(job) });
    },
  );

  app.post<{ Body: Omit<SubmitBody, 'label'> }>(
    '/v1/estimates',
    { schema: { body: estimateSchema } },
    async (request) => {
      const body = request.body;
      const { spec, dedupKey } = await workOf(db, body, deps.fetcher);
      const existing = await latestRun(db, dedupKey, body);
      const { estimate } = await deps.pipeline.estimate({
        video: { kind: 'url', url: body.video.url },
        audio: { kind: 'url', url: body.audio.url },
        options: spec.options,
      });
      return {
        estimatedUsd: estimate?.usd ?? null,
        // Submitting this (with the same rerun / retryFailed) would join an existing job: it costs nothing more.
        deduplicates: existing?.joins === true,
      };
    },
  );

  uploadRoutes(app, deps.inputHost);

  // What a job costs at the service: the panels show it on Generate before anything is uploaded.
  app.get('/v1/price', async () => deps.price());

  app.get<{ Querystring: { all?: string; limit?: string } }>('/v1/jobs', async (request) => {
    const user = userOf(request);
    const limit = Math.min(Math.max(Number(request.query.limit ?? 100) || 100, 1), 1000);
    return { jobs: await jobsFor(db, user, { all: request.query.all === 'true', limit }) };
  });

  const notFound = (id: string) =>
    errorBody('not_found', `No job ${id} of yours.`, 'List your jobs with GET /v1/jobs.');

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    { schema: { params: jobIdParams } },
    async (request, reply) => {
      const job = await jobFor(db, userOf(request), request.params.id);
      if (!job) return reply.status(404).send(notFound(request.params.id));
      return { job: publicView(job) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/events',
    { schema: { params: jobIdParams } },
    async (request, reply) => {
      const user = userOf(request);
      const first = await jobFor(db, user, request.params.id);
      if (!first) return reply.status(404).send(notFound(request.params.id));
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      let lastState = '';
      const send = async () => {
        const job = await jobFor(db, user, request.params.id);
        if (!job || job.state === lastState) return;
        lastState = job.state;
        out.write(`event: job\ndata: ${JSON.stringify(publicView(job))}\n\n`);
        if (FINAL_STATES.includes(job.state)) finish();
      };
      const unsubscribe = deps.events.subscribe(first.run.id, () => void send().catch(() => undefined));
      // A missed notification (Postgres restarted) is caught up by a slow re-read.
      const ticker = setInterval(() => {
        out.write(': keep-alive\n\n');
        void send().catch(() => undefined);
      }, 5_000);
      const finish = () => {
        clearInterval(ticker);
        unsubscribe();
        out.end();
      };
      request.raw.on('close', finish);
      await send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/jobs/:id/cancel',
    { schema: { params: jobIdParams } },
    async (request, reply) => {
      const user = userOf(request);
      const job = await jobFor(db, user, request.params.id);
      if (!job) return reply.status(404).send(notFound(request.params.id));
      const others = await db.query('SELECT 1 FROM requests WHERE run_id = $1 AND user_id <> $2 LIMIT 1', [
        job.run.id,
        user.id,
      ]);
      if ((others.rowCount ?? 0) > 0 && user.role !== 'admin') {
        return reply
          .status(409)
          .send(
            errorBody(
              'shared_job',
              'Another editor’s request shares this job; it is not cancelled.',
              'Ask an admin.',
            ),
          );
      }
      if (FINAL_STATES.includes(job.state))
        return reply.status(409).send(errorBody('finished', `The job is already ${job.state}.`));
      // Not sent yet (waiting, or a worker is still checking it): it ends here, and the worker's last write before
      // paying ('submitting', guarded by the same row) finds it ended and sends nothing.
      const pending = await db.query(
        `UPDATE runs SET state = 'cancelled', finished_at = now(), updated_at = now()
       WHERE id = $1 AND state = ANY($2) AND finished_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM journal WHERE job_id = $1)`,
        [job.run.id, ['pending', 'checking', 'uploading']],
      );
      if ((pending.rowCount ?? 0) > 0) return { outcome: 'cancelled' };
      const record = await deps.pipeline.cancel(job.run.id).catch(() => 'not_cancellable' as const);
      return { outcome: record };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/result',
    { schema: { params: jobIdParams } },
    async (request, reply) => {
      const job = await jobFor(db, userOf(request), request.params.id);
      if (!job) return reply.status(404).send(notFound(request.params.id));
      if (job.state !== 'done') {
        return reply
          .status(409)
          .send(errorBody('not_done', `The job is ${job.state}; its result is not there yet.`));
      }
      if (job.resultPath && existsSync(job.resultPath)) {
        return reply.type('video/mp4').send(createReadStream(job.resultPath));
      }
      // Saved by a worker on another machine: from the team bucket, through this server (no bucket URL leaves it).
      const bucket = deps.inputHost?.();
      if (job.resultKey && bucket && 'presign' in bucket) {
        const object = await fetch(await (bucket as S3Host).presign('GET', job.resultKey, 300));
        if (object.ok && object.body) {
          return reply.type('video/mp4').send(Readable.fromWeb(object.body as WebReadableStream<Uint8Array>));
        }
      }
      if (job.outputUrl) return reply.redirect(job.outputUrl, 302);
      return reply
        .status(410)
        .send(errorBody('gone', 'The result is no longer stored.', 'Re-run the job (rerun: true).'));
    },
  );

  app.post<{ Body: { name: string; role: Role } }>(
    '/v1/users',
    { schema: { body: newUserSchema }, preHandler: requireRole('admin') },
    async (request, reply) => {
      const exists = await db.query('SELECT 1 FROM users WHERE name = $1', [request.body.name]);
      if ((exists.rowCount ?? 0) > 0) {
        return reply.status(409).send(errorBody('exists', `A user named ${request.body.name} exists.`));
      }
      const made = await addUser(db, request.body.name, request.body.role);
      // The key is shown once, here; the server keeps only its hash.
      return reply.status(201).send({ user: made.user, key: made.key });
    },
  );

  return app;
}

/** What leaves the server: no file paths of the worker's disk. */
function publicView<
  T extends { resultPath?: string | null; outputUrl?: string | null; resultKey?: string | null },
>(job: T | undefined) {
  if (!job) return undefined;
  const { resultPath: _path, outputUrl: _url, resultKey: _key, ...rest } = job;
  return rest;
}
