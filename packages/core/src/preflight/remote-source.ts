import type { ByteSource } from '../media/source.js';
import { type HttpContext, request } from './http.js';

/** Probing a URL may cost this much in all; past it the input is "not verified", never refused. */
export const REMOTE_PROBE_BUDGET_BYTES = 8 * 1024 * 1024;
/** Smallest ranged read after the first, so a parser's small reads do not each cost a request. */
const MIN_RANGE_BYTES = 256 * 1024;
const MAX_RANGE_REQUESTS = 16;

/** Reading stopped short of what the probe needed: the budget ran out or the server stopped serving ranges. */
export class RemoteReadStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RemoteReadStopped';
  }
}

/**
 * A URL as a ByteSource: starts from the bytes already fetched (the first Range GET) and fetches further
 * ranges on demand, so an MP4 whose moov is at the end costs one more request, not the whole file.
 */
export class RemoteRangeSource implements ByteSource {
  private readonly blocks: Array<{ start: number; bytes: Uint8Array }>;
  private spentBytes: number;
  private requests = 0;

  constructor(
    private readonly context: HttpContext,
    private readonly url: string,
    readonly size: number,
    firstBytes: Uint8Array,
  ) {
    this.blocks = [{ start: 0, bytes: firstBytes }];
    this.spentBytes = firstBytes.byteLength;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const from = Math.max(0, Math.min(start, this.size));
    const to = Math.max(from, Math.min(end, this.size));
    if (to === from) return new Uint8Array(0);
    for (const block of this.blocks) {
      if (from >= block.start && to <= block.start + block.bytes.byteLength) {
        return block.bytes.subarray(from - block.start, to - block.start);
      }
    }
    const fetchTo = Math.min(this.size, Math.max(to, from + MIN_RANGE_BYTES));
    if (
      this.spentBytes + (fetchTo - from) > REMOTE_PROBE_BUDGET_BYTES ||
      this.requests >= MAX_RANGE_REQUESTS
    ) {
      throw new RemoteReadStopped(
        'reading it would take more than a quick look at the start and end of the file',
      );
    }
    this.requests++;
    this.spentBytes += fetchTo - from;
    const answer = await request(
      this.context,
      this.url,
      { method: 'GET', headers: { Range: `bytes=${from}-${fetchTo - 1}` } },
      fetchTo - from,
    );
    const range = parseContentRange(answer.headers.get('content-range'));
    if (answer.status !== 206 || range?.start !== from || answer.bytes.byteLength < to - from) {
      throw new RemoteReadStopped(`the server did not serve a byte range (HTTP ${answer.status})`);
    }
    this.blocks.push({ start: from, bytes: answer.bytes });
    return answer.bytes.subarray(0, to - from);
  }
}

export interface ContentRange {
  start: number;
  end: number;
  /** Undefined when the server answers `*`. */
  total: number | undefined;
}

export function parseContentRange(header: string | null): ContentRange | undefined {
  const match = header ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header.trim()) : null;
  if (!match) return undefined;
  return {
    start: Number(match[1]),
    end: Number(match[2]),
    total: match[3] === '*' ? undefined : Number(match[3]),
  };
}
