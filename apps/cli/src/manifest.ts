import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { type FieldIssue, InputError } from '@reanimate/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { type JobOptions, parseJobOptions } from './job-options.js';
import { isRemoteUrl } from './job-spec.js';

export const MANIFEST_COLUMNS = [
  'video',
  'audio',
  'out',
  'emotion',
  'model_mode',
  'lipsync_mode',
  'temperature',
] as const;
const REQUIRED = ['video', 'audio', 'out'] as const;

export interface ManifestRow {
  /** 1-based position among the rows (the header is not a row). */
  row: number;
  /** A local path (absolute, resolved against the manifest's folder) or an http(s) URL. */
  video: string;
  audio: string;
  /** Absolute path of the result. */
  out: string;
  options: JobOptions;
}

export interface Manifest {
  /** Absolute path of the manifest file. */
  path: string;
  rows: ManifestRow[];
}

type RawRow = Record<string, unknown>;

function manifestError(path: string, issues: FieldIssue[]): InputError {
  const lines = issues.map((issue) => `  - ${issue.field}: ${issue.message}`);
  return new InputError(
    `${path} has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}:\n${lines.join('\n')}`,
    {
      issues,
      hint:
        `Each row needs video, audio and out; optional columns: ${MANIFEST_COLUMNS.slice(3).join(', ')}. ` +
        'Fix the rows listed above; nothing was sent.',
    },
  );
}

interface RawRows {
  rows: RawRow[];
  lineOf: (row: number) => number | undefined;
  /** CSV: the header's column names (checked once, not per row). */
  header: string[] | undefined;
}

function readRawRows(text: string, path: string): RawRows {
  const format = extname(path).toLowerCase();
  if (format === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw manifestError(path, [
        { field: '(file)', message: `not valid JSON (${(error as Error).message})` },
      ]);
    }
    if (!Array.isArray(data)) {
      throw manifestError(path, [
        { field: '(file)', message: 'a JSON manifest must be an array of row objects' },
      ]);
    }
    return { rows: data as RawRow[], lineOf: () => undefined, header: undefined };
  }
  if (format !== '.csv') {
    throw new InputError(`${path}: a manifest must be a .csv or .json file.`, {
      issues: [{ field: '(file)', message: 'must end in .csv or .json' }],
    });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: (names: string[]) => {
        header = names.map((name) => name.trim().toLowerCase());
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      comment: '#',
      comment_no_infix: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw manifestError(path, [{ field: '(file)', message: `not valid CSV: ${(error as Error).message}` }]);
  }
  return {
    rows: records.map((entry) => entry.record),
    lineOf: (row) => records[row - 1]?.info.lines,
    header,
  };
}

/** A path cell: URLs pass through, `~`-less local paths are resolved against the manifest's folder. */
function location(value: string, base: string): string {
  if (isRemoteUrl(value)) return value;
  return isAbsolute(value) ? value : resolve(base, value);
}

/**
 * Reads and validates a manifest. Every problem of every row is collected and thrown as one InputError, each
 * named "row N (line L), field", so the user fixes the file in one pass.
 */
export async function readManifest(file: string): Promise<Manifest> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`Cannot read the manifest ${file}: ${code === 'ENOENT' ? 'no such file' : code}.`, {
      issues: [{ field: '(file)', message: code === 'ENOENT' ? 'does not exist' : 'cannot be read' }],
    });
  }
  return parseManifest(text, path);
}

export function parseManifest(text: string, path: string): Manifest {
  const base = dirname(path);
  const { rows: raw, lineOf, header } = readRawRows(text, path);
  const issues: FieldIssue[] = [];
  const unknown = (key: string) => !(MANIFEST_COLUMNS as readonly string[]).includes(key);
  for (const column of header?.filter(unknown) ?? []) {
    issues.push({
      field: `header, ${column}`,
      message: `unknown column; allowed: ${MANIFEST_COLUMNS.join(', ')}`,
    });
  }
  const rows: ManifestRow[] = [];
  if (raw.length === 0) issues.push({ field: '(file)', message: 'has no rows' });
  const outs = new Map<string, number>();

  raw.forEach((entry, index) => {
    const row = index + 1;
    const line = lineOf(row);
    const where = `row ${row}${line === undefined ? '' : ` (line ${line})`}`;
    const add = (field: string, message: string) => issues.push({ field: `${where}, ${field}`, message });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      add('(row)', 'must be an object with video, audio and out');
      return;
    }
    if (!header) {
      for (const key of Object.keys(entry).filter(unknown)) {
        add(key, `unknown field; allowed: ${MANIFEST_COLUMNS.join(', ')}`);
      }
    }
    const cells: Partial<Record<(typeof REQUIRED)[number], string>> = {};
    for (const field of REQUIRED) {
      const value = entry[field];
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        add(field, 'is required');
      } else if (typeof value !== 'string') {
        add(field, 'must be a file path or URL (text)');
      } else {
        cells[field] = value.trim();
      }
    }
    const { options, issues: optionIssues } = parseJobOptions(entry);
    for (const issue of optionIssues) add(issue.field, issue.message);
    if (cells.out !== undefined && isRemoteUrl(cells.out)) add('out', 'must be a local file path, not a URL');
    if (!cells.video || !cells.audio || !cells.out || optionIssues.length > 0 || isRemoteUrl(cells.out))
      return;

    const out = location(cells.out, base);
    const earlier = outs.get(out);
    if (earlier !== undefined) add('out', `same output file as row ${earlier}: each row needs its own out`);
    outs.set(out, row);
    rows.push({ row, video: location(cells.video, base), audio: location(cells.audio, base), out, options });
  });

  if (issues.length > 0) throw manifestError(path, issues);
  return { path, rows };
}
