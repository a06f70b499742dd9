import type { IncomingMessage, ServerResponse } from 'node:http';
import { MODEL_ID, safeParseReact1Input } from '@reanimate/core';
import type { AuthResult } from './auth.js';
import { type FaultStore, parseFaultRule } from './faults.js';
import type { OutputStore } from './files.js';
import {
  BodyTooLargeError,
  delay,
  nginxErrorPage,
  readBody,
  reasonPhrase,
  sendError,
  sendHtml,
  sendJson,
} from './http.js';
import type { JobQueue } from './jobs.js';
import { type PendingRecord, type Recorder, redactPath } from './record.js';
import type { ActiveFault, FaultRule, JobSnapshot, RouteName } from './types.js';

export interface ServerContext {
  authenticate: (req: IncomingMessage) => AuthResult;
  jobs: JobQueue;
  outputs: OutputStore;
  faults: FaultStore;
  recorder: Recorder;
  now: () => number;
  origin: () => string;
  maxBodyBytes: number;
}

/** A JSON (or proxy HTML) answer, built before anything is written so a fault can still swallow it. */
interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

interface Route {
  name: RouteName;
  /** Methods the route answers; anything else is a 405. */
  methods: readonly string[];
  requestId?: string;
  modelId?: string;
  /** The part after `/__emulator/`. */
  adminPath?: string;
}

const ID = '([^/]+)';
const PATTERNS: ReadonlyArray<[RegExp, (match: RegExpExecArray) => Route]> = [
  [/^\/v1\/models\/(.+)$/, (m) => ({ name: 'submit', methods: ['POST'], modelId: m[1] })],
  [new RegExp(`^/v1/requests/${ID}/status$`), (m) => ({ name: 'status', methods: ['GET'], requestId: m[1] })],
  [new RegExp(`^/v1/requests/${ID}/result$`), (m) => ({ name: 'result', methods: ['GET'], requestId: m[1] })],
  [
    new RegExp(`^/v1/requests/${ID}/cancel$`),
    (m) => ({ name: 'cancel', methods: ['POST'], requestId: m[1] }),
  ],
  [
    new RegExp(`^/files/${ID}/output\\.mp4$`),
    (m) => ({ name: 'output', methods: ['GET', 'HEAD'], requestId: m[1] }),
  ],
  [/^\/__emulator\/(.*)$/, (m) => ({ name: 'admin', methods: ['GET', 'POST', 'DELETE'], adminPath: m[1] })],
];

function classify(pathname: string): Route {
  for (const [pattern, make] of PATTERNS) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const route = make(match);
    try {
      if (route.requestId !== undefined) route.requestId = decodeURIComponent(route.requestId);
      if (route.modelId !== undefined) route.modelId = decodeURIComponent(route.modelId);
    } catch {
      return { name: 'unknown', methods: [] };
    }
    return route;
  }
  return { name: 'unknown', methods: [] };
}

export function createHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(ctx, req, res).catch(() => {
      // Last line of defence: whatever went wrong, the client gets JSON or a closed socket, never a crash.
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'The emulator hit an unexpected error.');
      else res.destroy();
    });
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  // Split by hand: `new URL` would read a path like `//host/x` as another origin. An absolute-form target (sent
  // through proxies) is reduced to its path.
  const raw = (req.url ?? '/').replace(/^https?:\/\/[^/?#]*/i, '') || '/';
  const queryAt = raw.indexOf('?');
  const url = {
    pathname: queryAt === -1 ? raw : raw.slice(0, queryAt),
    searchParams: new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1)),
  };
  const route = classify(url.pathname);
  const pending: PendingRecord = {
    method,
    path: redactPath(raw),
    route: route.name,
    requestId: route.requestId,
    hasAuthorization: req.headers.authorization !== undefined,
    fault: undefined,
    startedAt: ctx.now(),
    startedAtMono: performance.now(),
  };
  let recorded = false;
  const record = (status: number | null) => {
    if (recorded) return;
    recorded = true;
    ctx.recorder.finish(pending, status);
  };
  res.on('finish', () => record(res.statusCode));
  res.on('close', () => record(res.writableFinished ? res.statusCode : null));

  let drop = false;
  if (route.name !== 'admin' && route.name !== 'unknown') {
    const decision = ctx.faults.takeForRequest(route.name, route.requestId);
    if (decision.latencyMs > 0) {
      pending.fault = 'latency';
      await delay(decision.latencyMs);
    }
    const action = decision.action;
    if (action) {
      pending.fault = action.kind;
      if (action.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (action.kind === 'http') {
        write(res, faultReply(action));
        return;
      }
      drop = action.kind === 'drop_after_accept';
    }
  }

  if (route.name === 'unknown') {
    write(res, errorReply(404, 'not_found', `No route for ${method} ${url.pathname}.`));
    return;
  }
  if (!route.methods.includes(method)) {
    write(
      res,
      errorReply(
        405,
        'method_not_allowed',
        `${method} is not allowed here; use ${route.methods.join(' or ')}.`,
        {
          Allow: route.methods.join(', '),
        },
      ),
    );
    return;
  }
  if (route.name === 'output') {
    await ctx.outputs.serve(req, res, route.requestId ?? '', url.searchParams);
    return;
  }
  if (route.name === 'admin') {
    write(res, await handleAdmin(ctx, req, method, route.adminPath ?? ''));
    return;
  }

  const auth = ctx.authenticate(req);
  const reply = auth.ok
    ? await handleApi(ctx, req, route)
    : errorReply(401, 'unauthorized', auth.message, { 'WWW-Authenticate': 'Bearer' });
  if (drop) {
    // The work is done (a valid submit created its job), but the answer is lost on the way back.
    req.socket.destroy();
    return;
  }
  write(res, reply);
}

async function handleApi(ctx: ServerContext, req: IncomingMessage, route: Route): Promise<Reply> {
  if (route.name === 'submit') return submit(ctx, req, route.modelId ?? '');
  const id = route.requestId ?? '';
  if (route.name === 'cancel') return cancel(ctx, id);
  const job = ctx.jobs.get(id);
  if (!job) return errorReply(404, 'request_not_found', 'No request with this id.');
  if (route.name === 'status') return { status: 200, json: statusBody(ctx, job) };
  return { status: 200, json: resultBody(ctx, job) };
}

async function submit(ctx: ServerContext, req: IncomingMessage, modelId: string): Promise<Reply> {
  if (modelId !== MODEL_ID) {
    return errorReply(
      404,
      'model_not_found',
      `Unknown model "${modelId}": this server runs only ${MODEL_ID}.`,
    );
  }
  const body = await readJson(req, ctx.maxBodyBytes);
  if ('error' in body) return body.error;
  const parsed = safeParseReact1Input(body.value);
  if (!parsed.ok) {
    const summary = parsed.issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    return {
      status: 422,
      json: { error: 'invalid_input', message: `Invalid input: ${summary}`, details: parsed.issues },
    };
  }
  const job = ctx.jobs.submit(parsed.value);
  return { status: 200, json: { request_id: job.id, ...links(ctx, job.id) } };
}

function cancel(ctx: ServerContext, id: string): Reply {
  const outcome = ctx.jobs.cancel(id);
  if (outcome.ok) {
    return {
      status: 200,
      json: {
        request_id: id,
        status: 'cancelled',
        outcome: outcome.alreadyCancelled ? 'already_cancelled' : 'cancelled',
      },
    };
  }
  if (!outcome.job) return errorReply(404, 'request_not_found', 'No request with this id.');
  const state = outcome.job.status;
  const why = state === 'in_progress' ? 'it is already in progress' : `it has already finished (${state})`;
  return {
    status: 409,
    json: {
      error: 'not_cancellable',
      message: `Request cannot be cancelled: ${why}. Only queued requests can be cancelled.`,
      request_id: id,
      status: state,
    },
  };
}

function links(ctx: ServerContext, id: string) {
  const base = `${ctx.origin()}/v1/requests/${encodeURIComponent(id)}`;
  return { status_url: `${base}/status`, result_url: `${base}/result`, cancel_url: `${base}/cancel` };
}

function statusBody(ctx: ServerContext, job: JobSnapshot): Record<string, unknown> {
  const { status_url, result_url, cancel_url } = links(ctx, job.id);
  return {
    request_id: job.id,
    status: job.status,
    ...(job.status === 'in_queue' ? { queue_position: job.queuePosition } : {}),
    ...(job.status === 'failed' ? { error: job.error } : {}),
    status_url,
    result_url,
    ...(job.status === 'in_queue' ? { cancel_url } : {}),
  };
}

function resultBody(ctx: ServerContext, job: JobSnapshot): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  switch (job.status) {
    case 'completed':
      return {
        request_id: job.id,
        status: 'completed',
        output: { video: job.outputUrl },
        created_at: iso(job.createdAt),
        finished_at: iso(job.finishedAt),
      };
    case 'failed':
      return {
        request_id: job.id,
        status: 'failed',
        error: job.error,
        output: null,
        finished_at: iso(job.finishedAt),
      };
    case 'cancelled':
      return { request_id: job.id, status: 'cancelled', output: null, finished_at: iso(job.finishedAt) };
    default:
      // Not done yet: the current state, so the caller keeps polling.
      return statusBody(ctx, job);
  }
}

async function handleAdmin(
  ctx: ServerContext,
  req: IncomingMessage,
  method: string,
  path: string,
): Promise<Reply> {
  const parts = path.split('/').filter((part) => part !== '');
  const [resource, id] = parts;
  if (resource === 'faults' && parts.length === 1) {
    if (method === 'GET') return { status: 200, json: { faults: ctx.faults.list().map(showFault) } };
    if (method === 'DELETE') {
      ctx.faults.clear();
      return { status: 200, json: { cleared: true } };
    }
    const body = await readJson(req, ctx.maxBodyBytes);
    if ('error' in body) return body.error;
    const rules = Array.isArray(body.value) ? body.value : [body.value];
    const checked: FaultRule[] = [];
    for (const [index, rule] of rules.entries()) {
      const result = parseFaultRule(rule);
      if (typeof result === 'string') {
        const field = Array.isArray(body.value) ? `[${index}]` : '(root)';
        return {
          status: 422,
          json: {
            error: 'invalid_fault',
            message: `Invalid fault rule: ${result}`,
            details: [{ field, message: result }],
          },
        };
      }
      checked.push(result);
    }
    const ids = checked.map((rule) => ctx.faults.add(rule));
    return { status: 201, json: Array.isArray(body.value) ? { ids } : { id: ids[0] } };
  }
  if (resource === 'faults' && parts.length === 2 && method === 'DELETE') {
    return ctx.faults.remove(id ?? '')
      ? { status: 200, json: { removed: id } }
      : errorReply(404, 'not_found', 'No fault rule with this id.');
  }
  if (resource === 'requests' && parts.length === 1) {
    if (method === 'DELETE') {
      ctx.recorder.clear();
      return { status: 200, json: { cleared: true } };
    }
    if (method === 'GET') return { status: 200, json: { requests: ctx.recorder.entries } };
  }
  if (resource === 'jobs' && method === 'GET') {
    if (parts.length === 1) return { status: 200, json: { jobs: ctx.jobs.list() } };
    const job = parts.length === 2 ? ctx.jobs.get(id ?? '') : undefined;
    return job
      ? { status: 200, json: job }
      : errorReply(404, 'request_not_found', 'No request with this id.');
  }
  if (resource === 'health' && method === 'GET') return { status: 200, json: { ok: true } };
  return errorReply(404, 'not_found', `No admin route for ${method} /__emulator/${path}.`);
}

function showFault(rule: ActiveFault): Record<string, unknown> {
  return { ...rule, times: rule.times ?? 1 };
}

async function readJson(req: IncomingMessage, limit: number): Promise<{ value: unknown } | { error: Reply }> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return {
        error: errorReply(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`, {
          Connection: 'close',
        }),
      };
    }
    return { error: errorReply(400, 'bad_request', 'The request body could not be read.') };
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    return { error: errorReply(400, 'invalid_json', 'The request body is empty: send a JSON object.') };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return {
      error: errorReply(400, 'invalid_json', 'The request body is not valid JSON: send a JSON object.'),
    };
  }
}

function errorReply(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, json: { error: code, message }, headers };
}

function faultReply(rule: ActiveFault & { kind: 'http' }): Reply {
  const headers: Record<string, string> = {};
  if (rule.retryAfterSec !== undefined) {
    headers['Retry-After'] =
      rule.retryAfterFormat === 'date'
        ? new Date(Date.now() + rule.retryAfterSec * 1000).toUTCString()
        : String(Math.ceil(rule.retryAfterSec));
  }
  const html = rule.body ? rule.body === 'html' : rule.status >= 500;
  if (html)
    return {
      status: rule.status,
      html: nginxErrorPage(rule.status),
      headers: { Server: 'nginx', ...headers },
    };
  const message =
    rule.status === 429
      ? 'Too many requests: slow down and retry later.'
      : `${reasonPhrase(rule.status)} (injected by the emulator).`;
  return {
    status: rule.status,
    json: { error: rule.status === 429 ? 'rate_limited' : 'injected_error', message },
    headers,
  };
}

function write(res: ServerResponse, reply: Reply): void {
  if (reply.html !== undefined) sendHtml(res, reply.status, reply.html, reply.headers);
  else if (reply.json !== undefined) sendJson(res, reply.status, reply.json, reply.headers);
  else {
    res.writeHead(reply.status, reply.headers);
    res.end();
  }
}
