import { randomUUID } from 'node:crypto';
import type { ActiveFault, FaultRoute, FaultRule } from './types.js';

const ROUTES: readonly FaultRoute[] = ['submit', 'model', 'status', 'result', 'cancel', 'output', 'any'];
const KINDS = ['http', 'latency', 'drop_after_accept', 'reset', 'fail', 'refuse', 'forget'] as const;

/** What the matching rules do to one HTTP request. */
export interface FaultDecision {
  latencyMs: number;
  /** The rule that replaces normal handling (http, reset) or cuts the answer (drop_after_accept). */
  action: ActiveFault | undefined;
}

export class FaultStore {
  private rules: ActiveFault[] = [];

  add(rule: FaultRule): string {
    const checked = parseFaultRule(rule);
    if (typeof checked === 'string') throw new TypeError(`invalid fault rule: ${checked}`);
    const times = checked.times ?? 1;
    const active: ActiveFault = {
      ...checked,
      id: randomUUID(),
      remaining: times === 'always' || times === Number.POSITIVE_INFINITY ? 'always' : times,
      fired: 0,
    };
    this.rules.push(active);
    return active.id;
  }

  list(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes the rules that apply to a request on `route` (about `requestId`, when the path names one). */
  takeForRequest(route: Exclude<FaultRoute, 'any'>, requestId: string | undefined): FaultDecision {
    let latencyMs = 0;
    let action: ActiveFault | undefined;
    for (const rule of this.rules) {
      if (rule.kind === 'fail' || !matches(rule, route, requestId)) continue;
      if ((rule.kind === 'drop_after_accept' || rule.kind === 'refuse') && route !== 'submit') continue;
      if (rule.kind === 'forget' && route !== 'status' && route !== 'result' && route !== 'cancel') continue;
      if (rule.kind === 'latency') {
        latencyMs += rule.ms;
        this.consume(rule);
      } else if (!action) {
        action = { ...rule };
        this.consume(rule);
      }
    }
    this.prune();
    return { latencyMs, action };
  }

  /**
   * The failure reason a `fail` rule assigns to a job. At submit (`onlyTargeted` false) any rule without a
   * requestId claims the new job, so "the next job fails" means the next one submitted, however jobs interleave;
   * when the job starts, only a rule naming its id still applies.
   */
  takeJobFailure(requestId: string, onlyTargeted: boolean): string | undefined {
    for (const rule of this.rules) {
      if (rule.kind !== 'fail') continue;
      if (rule.requestId === undefined ? onlyTargeted : rule.requestId !== requestId) continue;
      this.consume(rule);
      this.prune();
      return rule.reason;
    }
    return undefined;
  }

  private consume(rule: ActiveFault): void {
    rule.fired += 1;
    if (rule.remaining !== 'always') rule.remaining -= 1;
  }

  private prune(): void {
    this.rules = this.rules.filter((rule) => rule.remaining === 'always' || rule.remaining > 0);
  }
}

function matches(rule: ActiveFault, route: FaultRoute, requestId: string | undefined): boolean {
  const ruleRoute = rule.route ?? 'any';
  if (ruleRoute !== 'any' && ruleRoute !== route) return false;
  return rule.requestId === undefined || rule.requestId === requestId;
}

/** Validates a rule that came as JSON (admin API, CLI); returns the rule or what is wrong with it. */
export function parseFaultRule(value: unknown): FaultRule | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a fault rule must be an object';
  const raw = value as Record<string, unknown>;
  const kind = raw.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    return `kind must be one of: ${KINDS.join(', ')}`;
  }
  const target: { route?: FaultRoute; requestId?: string; times?: number | 'always' } = {};
  if (raw.route !== undefined) {
    if (typeof raw.route !== 'string' || !(ROUTES as readonly string[]).includes(raw.route)) {
      return `route must be one of: ${ROUTES.join(', ')}`;
    }
    target.route = raw.route as FaultRoute;
  }
  if (raw.requestId !== undefined) {
    if (typeof raw.requestId !== 'string' || raw.requestId === '')
      return 'requestId must be a non-empty string';
    target.requestId = raw.requestId;
  }
  if (raw.times !== undefined) {
    const times = raw.times;
    const always = times === 'always' || times === Number.POSITIVE_INFINITY;
    if (!always && !(typeof times === 'number' && Number.isInteger(times) && times >= 1)) {
      return 'times must be a positive integer or "always"';
    }
    target.times = always ? 'always' : (times as number);
  }
  switch (kind) {
    case 'http': {
      const status = raw.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
        return 'status must be an HTTP error status (400-599)';
      }
      const rule: FaultRule = { ...target, kind, status };
      if (raw.retryAfterSec !== undefined) {
        if (typeof raw.retryAfterSec !== 'number' || !(raw.retryAfterSec >= 0)) {
          return 'retryAfterSec must be a number of seconds ≥ 0';
        }
        rule.retryAfterSec = raw.retryAfterSec;
      }
      if (raw.retryAfterFormat !== undefined) {
        if (raw.retryAfterFormat !== 'seconds' && raw.retryAfterFormat !== 'date') {
          return 'retryAfterFormat must be "seconds" or "date"';
        }
        rule.retryAfterFormat = raw.retryAfterFormat;
      }
      if (raw.body !== undefined) {
        if (raw.body !== 'json' && raw.body !== 'html') return 'body must be "json" or "html"';
        rule.body = raw.body;
      }
      return rule;
    }
    case 'latency': {
      if (typeof raw.ms !== 'number' || !(raw.ms >= 0) || !Number.isFinite(raw.ms)) {
        return 'ms must be a number of milliseconds ≥ 0';
      }
      return { ...target, kind, ms: raw.ms };
    }
    case 'fail': {
      if (typeof raw.reason !== 'string' || raw.reason.trim() === '')
        return 'reason must be a non-empty string';
      return { ...target, kind, reason: raw.reason };
    }
    case 'refuse': {
      const code = raw.errorCode;
      if (typeof code !== 'number' || !Number.isInteger(code) || code < 100000) {
        return 'errorCode must be a RunComfy error code (a six-digit number, e.g. 400002)';
      }
      const rule: FaultRule = { ...target, kind, errorCode: code };
      if (raw.httpStatus !== undefined) {
        const status = raw.httpStatus;
        if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
          return 'httpStatus must be an HTTP status (200-599)';
        }
        rule.httpStatus = status;
      }
      if (raw.message !== undefined) {
        if (typeof raw.message !== 'string') return 'message must be a string';
        rule.message = raw.message;
      }
      return rule;
    }
    case 'drop_after_accept':
    case 'reset':
    case 'forget':
      return { ...target, kind };
    default:
      return `kind must be one of: ${KINDS.join(', ')}`;
  }
}

/**
 * A rule from the command line: JSON (`{"kind":"http","status":503}`) or `key=value` pairs separated by commas
 * (`kind=http,status=503,route=status,times=always`). Numbers are converted where the rule expects them.
 */
export function parseFaultSpec(spec: string): FaultRule | string {
  const text = spec.trim();
  if (text.startsWith('{')) {
    try {
      return parseFaultRule(JSON.parse(text));
    } catch {
      return 'not valid JSON';
    }
  }
  const raw: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq === -1) return `expected key=value, got "${pair}"`;
    const key = pair.slice(0, eq).trim();
    const val = pair
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    raw[key] =
      ['status', 'retryAfterSec', 'ms', 'errorCode', 'httpStatus'].includes(key) ||
      (key === 'times' && val !== 'always')
        ? Number(val)
        : val;
  }
  return parseFaultRule(raw);
}
