import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthResult } from './auth.js';
import { validateRequest } from './contract.js';
import { type FaultStore, parseFaultRule } from './faults.js';
import type { OutputStore } from './files.js';
import {
  BodyTooLargeError,
  delay,
  nginxErrorPage,
  readBody,
  reasonPhrase,
  sendHtml,
  sendJson,
} from './http.js';
import type { JobQueue } from './jobs.js';
import { type PendingRecord, type Recorder, redactPath } from './record.js';
import { codeForStatus, ERROR_CODES, errorBody, type ValidationDetail } from './runcomfy-errors.js';
import type { ActiveFault, FaultRule, JobSnapshot, RouteName } from './types.js';

/** The one model this server runs (the API page's id). */
const MODEL_ID = 'sync/react-1';

export interface ServerContext {
  authenticate: (req: IncomingMessage) => AuthResult;
  jobs: JobQueue;
  outputs: OutputStore;
  faults: FaultStore;
  recorder: Recorder;
  now: () => number;
  origin: () => string;
  maxBodyBytes: number;
  price: { basePriceUsd: number; priceUnit: 'second' | 'output'; pricingNote?: string };
  successStatus: 'completed' | 'succeeded';
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
  [/^\/v1\/models\/(.+)$/, (m) => ({ name: 'submit', methods: ['POST', 'GET'], modelId: m[1] })],
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
      if (!res.headersSent) {
        sendJson(res, 500, errorBody(ERROR_CODES.internal, 'The emulator hit an unexpected error.'));
      } else res.destroy();
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
  // GET on a model is its price, not a submit: a route of its own for faults and the request log.
  if (route.name === 'submit' && method === 'GET') route.name = 'model';
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
      if (action.kind === 'forget' && route.requestId !== undefined) ctx.jobs.forget(route.requestId);
      if (action.kind === 'refuse' && ctx.authenticate(req).ok) {
        // A definite refusal: nothing is made, and the answer says so (at HTTP 200 by default).
        await readBody(req, ctx.maxBodyBytes).catch(() => undefined);
        write(res, {
          status: action.httpStatus ?? 200,
          json: errorBody(action.errorCode, action.message ?? refusalMessage(action.errorCode)),
        });
        return;
      }
      drop = action.kind === 'drop_after_accept';
    }
  }

  if (route.name === 'unknown') {
    write(res, errorReply(404, ERROR_CODES.noRoute, `No route for ${method} ${url.pathname}.`));
    return;
  }
  if (!route.methods.includes(method)) {
    write(
      res,
      errorReply(
        405,
        ERROR_CODES.methodNotAllowed,
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
    ? await handleApi(ctx, req, route, url.searchParams)
    : errorReply(401, auth.missing ? ERROR_CODES.unauthorized : ERROR_CODES.badToken, auth.message, {
        'WWW-Authenticate': 'Bearer',
      });
  if (drop) {
    // The work is done (a valid submit created its job), but the answer is lost on the way back.
    req.socket.destroy();
    return;
  }
  write(res, reply);
}

async function handleApi(
  ctx: ServerContext,
  req: IncomingMessage,
  route: Route,
  query: URLSearchParams,
): Promise<Reply> {
  if (route.name === 'submit') return submit(ctx, req, route.modelId ?? '');
  if (route.name === 'model') return model(ctx, route.modelId ?? '');
  const id = route.requestId ?? '';
  const job = ctx.jobs.isForgotten(id) ? undefined : ctx.jobs.get(id);
  if (!job) return notFound();
  if (route.name === 'cancel') return cancel(ctx, id);
  if (route.name === 'status') return { status: 200, json: statusBody(ctx, job) };
  return { status: 200, json: resultBody(ctx, job, query.get('include_cost') === 'true') };
}

const notFound = () =>
  errorReply(
    404,
    ERROR_CODES.requestNotFound,
    'Request not found: it does not exist, was deleted or has expired.',
  );

function refusalMessage(code: number): string {
  if (code === ERROR_CODES.insufficientBalance)
    return 'Insufficient balance: top up your account to run this model.';
  if (code === ERROR_CODES.badToken)
    return 'The API token is missing, expired or revoked, or the account is inactive.';
  return 'The request was refused.';
}

/** GET /v1/models/{id}: the model's price (RunComfy §3 "Price"). */
function model(ctx: ServerContext, modelId: string): Reply {
  if (modelId !== MODEL_ID) return unknownModel(modelId);
  const { basePriceUsd, priceUnit, pricingNote } = ctx.price;
  return {
    status: 200,
    json: {
      model_id: MODEL_ID,
      base_price_usd: basePriceUsd,
      price_unit: priceUnit,
      ...(pricingNote ? { pricing_note: pricingNote } : {}),
    },
  };
}

const unknownModel = (modelId: string) =>
  errorReply(400, ERROR_CODES.badModel, `Unknown model "${modelId}": this server runs only ${MODEL_ID}.`);

/** What a finished job costs: the price per second of its output, or flat per output. */
function costOf(ctx: ServerContext, job: JobSnapshot): number {
  const { basePriceUsd, priceUnit } = ctx.price;
  const seconds = priceUnit === 'second' ? (job.outputDurationSec ?? 0) : 1;
  return Math.round(basePriceUsd * seconds * 1e6) / 1e6;
}

async function submit(ctx: ServerContext, req: IncomingMessage, modelId: string): Promise<Reply> {
  if (modelId !== MODEL_ID) return unknownModel(modelId);
  const body = await readJson(req, ctx.maxBodyBytes);
  if ('error' in body) return body.error;
  const parsed = validateRequest(body.value);
  if (!parsed.ok) return validationReply(parsed.detail);
  const job = ctx.jobs.submit(parsed.job);
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
        // Cancelling twice is harmless: RunComfy's outcomes are cancelled, cancellation_requested, not_cancellable.
        outcome: 'cancelled',
      },
    };
  }
  if (!outcome.job) return notFound();
  // RunComfy §3: cancel answers `{request_id, status, outcome}`; in-progress jobs are not cancellable.
  return {
    status: 200,
    json: { request_id: id, status: spelt(ctx, outcome.job.status), outcome: 'not_cancellable' },
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
    status: spelt(ctx, job.status),
    ...(job.status === 'in_queue' ? { queue_position: job.queuePosition } : {}),
    ...(job.status === 'failed' ? { error: job.error } : {}),
    status_url,
    result_url,
    ...(job.status === 'in_queue' ? { cancel_url } : {}),
  };
}

/** A status as this server spells it (`succeeded` for `completed` when configured so). */
function spelt(ctx: ServerContext, status: JobSnapshot['status']): string {
  return status === 'completed' ? ctx.successStatus : status;
}

function resultBody(ctx: ServerContext, job: JobSnapshot, includeCost: boolean): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  switch (job.status) {
    case 'completed':
      return {
        request_id: job.id,
        status: spelt(ctx, 'completed'),
        output: { video: job.outputUrl },
        created_at: iso(job.createdAt),
        finished_at: iso(job.finishedAt),
        ...(includeCost ? { cost: costOf(ctx, job) } : {}),
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
          json: errorBody(ERROR_CODES.validation, `Invalid fault rule: ${result}`, [
            { loc: ['body', field], msg: result, type: 'value_error' },
          ]),
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
      : errorReply(404, ERROR_CODES.noRoute, 'No fault rule with this id.');
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
    return job ? { status: 200, json: job } : notFound();
  }
  if (resource === 'health' && method === 'GET') return { status: 200, json: { ok: true } };
  return errorReply(404, ERROR_CODES.noRoute, `No admin route for ${method} /__emulator/${path}.`);
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
        error: errorReply(
          413,
          ERROR_CODES.payloadTooLarge,
          `The request body is larger than ${limit} bytes.`,
          {
            Connection: 'close',
          },
        ),
      };
    }
    return { error: errorReply(400, ERROR_CODES.validation, 'The request body could not be read.') };
  }
  const text = raw.toString('utf8');
  const invalidJson = (msg: string) =>
    validationReply([{ loc: ['body'], msg, type: 'json_invalid' }], 'The request body is not a JSON object.');
  if (text.trim() === '') return { error: invalidJson('The request body is empty: send a JSON object.') };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: invalidJson('The request body is not valid JSON: send a JSON object.') };
  }
}

function errorReply(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, json: errorBody(code, message), headers };
}

/** 422 with FastAPI's `detail`, as RunComfy answers an invalid body. */
function validationReply(detail: ValidationDetail[], message?: string): Reply {
  const summary = detail.map((item) => `${item.loc.slice(1).join('.') || 'body'}: ${item.msg}`).join('; ');
  return {
    status: 422,
    json: errorBody(ERROR_CODES.validation, message ?? `Invalid input: ${summary}`, detail),
  };
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
  return { status: rule.status, json: errorBody(codeForStatus(rule.status), message), headers };
}

function write(res: ServerResponse, reply: Reply): void {
  if (reply.html !== undefined) sendHtml(res, reply.status, reply.html, reply.headers);
  else if (reply.json !== undefined) sendJson(res, reply.status, reply.json, reply.headers);
  else {
    res.writeHead(reply.status, reply.headers);
    res.end();
  }
}
