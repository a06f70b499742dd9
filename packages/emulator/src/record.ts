import type { FaultKind, RecordedRequest, RouteName } from './types.js';

/** The path as it may be stored or logged: a query string can be a presigned signature, so only its presence shows. */
export function redactPath(rawUrl: string | undefined): string {
  const raw = rawUrl ?? '/';
  const queryAt = raw.indexOf('?');
  return queryAt === -1 ? raw : `${raw.slice(0, queryAt)}?…`;
}

export interface PendingRecord {
  method: string;
  path: string;
  route: RouteName;
  requestId: string | undefined;
  hasAuthorization: boolean;
  fault: FaultKind | undefined;
  startedAt: number;
  startedAtMono: number;
}

export class Recorder {
  readonly entries: RecordedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly logger: ((line: string) => void) | undefined,
  ) {}

  /** Stores the request and writes its log line. `status` null means the socket was destroyed unanswered. */
  finish(pending: PendingRecord, status: number | null): RecordedRequest {
    this.seq += 1;
    const entry: RecordedRequest = {
      seq: this.seq,
      method: pending.method,
      path: pending.path,
      route: pending.route,
      requestId: pending.requestId,
      status,
      time: pending.startedAt,
      durationMs: Math.round(performance.now() - pending.startedAtMono),
      hasAuthorization: pending.hasAuthorization,
      fault: pending.fault,
    };
    this.entries.push(entry);
    this.logger?.(formatLine(entry));
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function formatLine(entry: RecordedRequest): string {
  const parts = [
    new Date(entry.time).toISOString(),
    entry.method,
    entry.path,
    entry.status === null ? 'dropped' : String(entry.status),
    `${entry.durationMs}ms`,
    entry.hasAuthorization ? 'auth=bearer' : 'auth=none',
  ];
  if (entry.requestId) parts.push(`request_id=${entry.requestId}`);
  if (entry.fault) parts.push(`fault=${entry.fault}`);
  return parts.join(' ');
}
