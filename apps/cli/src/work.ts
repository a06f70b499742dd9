/**
 * Runs a list of rows (one for `run`, many for `batch`): decides per row from the journal whether to skip,
 * resume or submit; checks every file before anything is sent; splits long rows; runs the jobs with bounded
 * concurrency behind one shared rate limiter; joins split rows.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  DEFAULTS,
  estimateCost,
  formatUsd,
  InputError,
  type JobRecord,
  MAX_INPUT_SECONDS,
  type ModelPrice,
  planSegments,
  ResponseSchemaError,
  roundUsd,
  type SplitPlan,
} from '@reanimate/core';
import { probeFile } from '@reanimate/core/node';
import type { RunContext } from './context.js';
import { type Decision, decide, nextAttempt, type ProcessOptions } from './decide.js';
import { describeError } from './errors-to-exit.js';
import { ExitCode, worstExitCode } from './exit-codes.js';

export type { ProcessOptions } from './decide.js';

import { describeFinding, faceFindingsFor } from './face-check.js';
import { cliMeta, isRemoteUrl, type JobSpec, type SplitLink, segmentKey } from './job-spec.js';
import { fileExists, followRecord, type JobReport, type Report, runSpec } from './pipeline.js';
import { checkLocalInputs, checkRemoteInputs, preflightError } from './preflight.js';
import { cutSegments } from './split/cut.js';
import { ffmpegPath, mediaInfo } from './split/ffmpeg.js';
import { joinSegments } from './split/join.js';

/** One row of work as the user gave it: a job before any splitting into segments. */
export type WorkRow = Omit<JobSpec, 'split'>;

export interface RowResult extends JobReport {
  segments?: JobReport[] | undefined;
}

/** Journal records by their CLI key, newest first. Orphaned submits are turned `ambiguous` first. */
async function indexJournal(ctx: RunContext): Promise<{ byKey: Map<string, JobRecord[]>; all: JobRecord[] }> {
  await ctx.journal.listUnfinished();
  const all = (await ctx.journal.list()).filter((record) => cliMeta(record) !== undefined);
  all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const byKey = new Map<string, JobRecord[]>();
  for (const record of all) {
    const key = cliMeta(record)?.key as string;
    byKey.set(key, [...(byKey.get(key) ?? []), record]);
  }
  return { byKey, all };
}

function splitDir(ctx: RunContext, key: string): string {
  return join(ctx.settings.home, 'split', key.replace(/[^A-Za-z0-9]/g, '_'));
}

/** How an earlier, terminal outcome is named in the report. */
const EARLIER: Partial<Record<JobRecord['status'], string>> = {
  failed: 'Failed',
  cancelled: 'Cancelled',
  lost: 'Lost by the service',
  expired: 'Output expired',
};

/** The result of a row decided without running anything. */
function immediate(row: WorkRow, decision: Decision): RowResult | undefined {
  const base = { label: row.label, key: row.key, out: row.out, elapsedMs: 0 };
  const record = 'record' in decision ? decision.record : undefined;
  if (decision.kind === 'never-submitted') {
    return {
      ...base,
      jobId: record?.jobId,
      status: 'failed',
      exitCode: ExitCode.failed,
      error: {
        code: 'not_submitted',
        message:
          'This job was never submitted (or its submit was refused), and `reanimate resume` submits nothing new.',
        hint: 'Run the original `reanimate run` or `reanimate batch` command again to submit it.',
      },
    };
  }
  const ids = { jobId: record?.jobId, requestId: record?.requestId };
  switch (decision.kind) {
    case 'skip':
      return { ...base, ...ids, status: 'skipped', exitCode: ExitCode.ok, note: 'already done' };
    case 'ambiguous':
      return {
        ...base,
        ...ids,
        status: 'ambiguous',
        exitCode: ExitCode.ambiguous,
        error: {
          code: 'ambiguous_submit',
          message: `An earlier submit of this job has an unknown outcome (local job ${record?.jobId}${record?.submittedAt ? `, sent ${record.submittedAt}` : ''}); it was not sent again.`,
          hint:
            'Check your RunComfy dashboard for a react-1 request made at that time. If there is none, run ' +
            `\`reanimate jobs forget ${record?.jobId}\` and run this again.`,
        },
      };
    case 'failed-before':
      return {
        ...base,
        ...ids,
        status: record?.status === 'cancelled' ? 'cancelled' : 'failed',
        exitCode: ExitCode.failed,
        error: {
          code: record?.error?.code ?? (record?.status === 'cancelled' ? 'job_cancelled' : 'job_failed'),
          message: `${EARLIER[record?.status ?? 'failed'] ?? 'Failed'} in an earlier run (request ${record?.requestId}): ${record?.error?.message ?? 'no reason given'}`,
          hint: 'It was not submitted again; re-run with --retry-failed to submit it once more (a new, billed job).',
        },
      };
    default:
      return undefined;
  }
}

interface Task {
  spec: JobSpec;
  decision: Decision;
  result?: JobReport;
  estimatedUsd?: number | undefined;
}

interface SplitGroup {
  row: WorkRow;
  plan: SplitPlan | undefined;
  dir: string;
  tasks: Task[];
  /** Set when the row is settled before running (already done). */
  settled?: RowResult;
}

function segmentSpec(row: WorkRow, link: SplitLink): JobSpec {
  const name = `segment-${String(link.index + 1).padStart(2, '0')}`;
  const where = `segment ${link.index + 1}/${link.count}`;
  return {
    key: segmentKey(row.key, link.index, link.count),
    label: row.label ? `${row.label} ${where}` : where,
    video: join(link.dir, `${name}.mp4`),
    audio: join(link.dir, `${name}.wav`),
    out: join(link.dir, `${name}-result.mp4`),
    options: row.options,
    manifest: row.manifest,
    split: link,
  };
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  worker: (item: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

export async function processRows(
  ctx: RunContext,
  rows: readonly WorkRow[],
  options: ProcessOptions,
): Promise<RowResult[]> {
  const { progress } = ctx;
  // A team server keeps its jobs (and decides what is joined or paid again); this machine's journal is not theirs.
  const { byKey, all } = ctx.team
    ? { byKey: new Map<string, JobRecord[]>(), all: [] as JobRecord[] }
    : await indexJournal(ctx);
  const results = new Map<WorkRow, RowResult>();
  const singles: { row: WorkRow; task: Task }[] = [];
  const groups: SplitGroup[] = [];
  const problems: string[] = [];
  let suggestSplit = false;
  const toCheck: { row: WorkRow; group?: SplitGroup; task?: Task }[] = [];

  // 1. Decide every row from the journal alone (no network).
  for (const row of rows) {
    const segmentRecords = all.filter((record) => cliMeta(record)?.split?.parentKey === row.key);
    if (segmentRecords.length > 0) {
      const group = await existingSplit(row, segmentRecords, byKey, options);
      groups.push(group);
      if (group.settled) results.set(row, group.settled);
      else if (group.tasks.some((task) => task.decision.kind === 'submit')) toCheck.push({ row, group });
      continue;
    }
    const decision = decide(byKey.get(row.key) ?? [], options, await fileExists(row.out));
    const settled = immediate(row, decision);
    if (settled) {
      results.set(row, settled);
      continue;
    }
    const task: Task = {
      spec: {
        key: row.key,
        label: row.label,
        video: row.video,
        audio: row.audio,
        out: row.out,
        options: row.options,
        manifest: row.manifest,
      },
      decision,
    };
    if (decision.kind === 'submit') toCheck.push({ row, task });
    else singles.push({ row, task });
  }

  // 2. Pre-flight of every local file that will be sent, before any network call or storage setting.
  const checked: {
    row: WorkRow;
    group?: SplitGroup;
    task?: Task;
    durationSec?: number | undefined;
    audioSec?: number | undefined;
    /** What this row will cost, from the service's price (undefined when it cannot be told). */
    estimatedUsd?: number | undefined;
  }[] = [];
  for (const entry of toCheck) {
    const { row } = entry;
    if (entry.task) progress.update(row.label, { phase: 'checking' });
    const prefix = row.label ? `${row.label}: ` : '';
    const check = await checkLocalInputs(row, { split: options.split || entry.group !== undefined });
    for (const problem of check.problems) problems.push(`${prefix}${problem}`);
    if (check.tooLong && !options.split && !entry.group) {
      suggestSplit = true;
      continue;
    }
    checked.push({ ...entry, durationSec: check.video?.durationSec, audioSec: check.audio?.durationSec });
    // The face check, before anything is paid: warnings are shown, what the service would refuse stops the run.
    if (options.faceCheck !== false && check.video) {
      for (const finding of (await faceFindingsFor(row.video, ctx.signal)) ?? []) {
        if (finding.severity === 'refuse') problems.push(`${prefix}${describeFinding(row.video, finding)}`);
        else progress.log(`${prefix}${describeFinding(row.video, finding)}`);
      }
    }
  }
  if (problems.length > 0) {
    for (const entry of toCheck) if (entry.task) progress.update(entry.row.label, { phase: 'failed' });
    throw preflightError(problems, suggestSplit);
  }
  for (const entry of checked) {
    if (!entry.task) continue;
    const remote = await checkRemoteInputs(entry.row, ctx.signal);
    for (const problem of remote.problems)
      problems.push(`${entry.row.label ? `${entry.row.label}: ` : ''}${problem}`);
    entry.durationSec ??= remote.videoSec;
    entry.audioSec ??= remote.audioSec;
  }
  if (problems.length > 0) throw preflightError(problems, false);

  // 3. Settings needed from here on: the token for anything that talks to the service, storage for uploads.
  const needsService = checked.length > 0 || singles.length > 0 || groups.some((group) => !group.settled);
  // With a team server, the server holds the token and the bucket: local files go up through it.
  if (needsService && !ctx.team) ctx.client();
  // Split rows are local files (pre-flight insists), so this covers their segments too.
  const uploads = checked.flatMap((entry) =>
    [entry.row.video, entry.row.audio].filter((input) => !isRemoteUrl(input)),
  );
  if (uploads.length > 0 && !ctx.team) ctx.host([...new Set(uploads)]);

  // 3b. Money: what it will cost, before anything is uploaded or paid; a batch above a threshold asks first.
  if (checked.length > 0) await estimateAndConfirm(ctx, checked, options);

  // 4. Split long rows: plan from the video's length and frame rate, cut the segments that still need sending.
  for (const entry of checked) {
    const long = (entry.durationSec ?? 0) > MAX_INPUT_SECONDS || (entry.audioSec ?? 0) > MAX_INPUT_SECONDS;
    if (entry.task && !(options.split && long)) {
      entry.task.estimatedUsd = entry.estimatedUsd;
      singles.push({ row: entry.row, task: entry.task });
      continue;
    }
    const group = entry.group ?? {
      row: entry.row,
      plan: undefined,
      dir: splitDir(ctx, entry.row.key),
      tasks: [],
    };
    if (!entry.group) groups.push(group);
    await prepareSplit(ctx, group);
    // Each segment's share of the row's estimate, by its length.
    const total = group.plan?.totalSec ?? 0;
    for (const task of group.tasks) {
      const seconds = task.spec.split?.durationSec;
      if (entry.estimatedUsd !== undefined && seconds !== undefined && total > 0)
        task.estimatedUsd = roundUsd((entry.estimatedUsd * seconds) / total);
    }
  }

  // 5. Run every job (single rows and segments) through one pool.
  const tasks: Task[] = [
    ...singles.map((entry) => entry.task),
    ...groups.flatMap((group) => (group.settled ? [] : group.tasks.filter((task) => !task.result))),
  ];
  const total = tasks.length;
  let finished = 0;
  const summary = () => {
    if (total > 1) progress.setSummary(`${finished}/${total} jobs`);
  };
  summary();
  const stopListening = ctx.limiter.onPause((event) => {
    progress.log(
      `rate limited (HTTP ${event.status}): every job waits ${Math.ceil(event.pauseMs / 1000)} s before its next request`,
    );
  });
  try {
    await pool(tasks, options.concurrency, ctx.signal, async (task) => {
      const report: Report = (state) => progress.update(task.spec.label, state);
      try {
        task.result =
          task.decision.kind === 'follow'
            ? await followRecord(ctx, task.decision.record, report, task.decision.note)
            : await runSpec(
                ctx,
                task.spec,
                task.decision.kind === 'submit' ? task.decision.attempt : 1,
                report,
                { checked: true, estimatedUsd: task.estimatedUsd },
              );
      } catch (error) {
        // The pipeline reports its own failures; this is a bug or a journal that cannot be read. Keep the other
        // lanes going and report this job.
        const described = describeError(error);
        task.result = {
          label: task.spec.label,
          key: task.spec.key,
          out: task.spec.out,
          status: 'failed',
          exitCode: described.exitCode,
          error: { code: described.code, message: described.message, hint: described.hint },
          elapsedMs: 0,
        };
        report({ phase: 'failed' });
      }
      finished += 1;
      summary();
      // A lone job's outcome is printed once at the end; with several, each failure is shown as it happens.
      if (total > 1 && task.result.status !== 'done' && task.result.status !== 'skipped') {
        const detail = task.result.error?.message ?? task.result.note ?? task.result.status;
        progress.log(`${task.spec.label ? `${task.spec.label}: ` : ''}${task.result.status}: ${detail}`);
      }
    });
  } finally {
    stopListening();
  }
  for (const task of tasks) {
    task.result ??= {
      label: task.spec.label,
      key: task.spec.key,
      out: task.spec.out,
      status: 'interrupted',
      exitCode: ExitCode.interrupted,
      note: 'stopped before it started; nothing was submitted',
      elapsedMs: 0,
    };
  }

  for (const entry of singles) results.set(entry.row, entry.task.result as JobReport);
  // 6. Join split rows whose segments all came back.
  for (const group of groups) {
    if (group.settled) continue;
    results.set(group.row, await finishSplit(ctx, group));
  }
  return rows.map((row) => results.get(row) as RowResult);
}

/** A split row seen before: its segments' records decide what is left to do. */
async function existingSplit(
  row: WorkRow,
  records: readonly JobRecord[],
  byKey: Map<string, JobRecord[]>,
  options: ProcessOptions,
): Promise<SplitGroup> {
  const link = cliMeta(records[0] as JobRecord)?.split as SplitLink;
  const group: SplitGroup = { row, plan: undefined, dir: link.dir, tasks: [] };
  const segmentRecords = Array.from(
    { length: link.count },
    (_, index) => byKey.get(segmentKey(row.key, index, link.count)) ?? [],
  );
  const allDownloaded = segmentRecords.every((list) => list[0]?.status === 'downloaded');
  if (options.policy === 'batch' && allDownloaded && (await fileExists(row.out))) {
    group.settled = {
      label: row.label,
      key: row.key,
      out: row.out,
      status: 'skipped',
      exitCode: ExitCode.ok,
      note: 'already done',
      elapsedMs: 0,
    };
    return group;
  }
  const runAgain =
    options.policy === 'run' &&
    segmentRecords.every((list) =>
      ['downloaded', 'failed', 'cancelled', 'not_submitted'].includes(list[0]?.status ?? 'none'),
    );
  // A `run` re-run resumes segments in flight and sends again only the ones that failed or never went.
  const segmentOptions: ProcessOptions =
    options.policy === 'run' ? { ...options, policy: 'batch', retryFailed: true } : options;
  for (let index = 0; index < link.count; index++) {
    const list = segmentRecords[index] as JobRecord[];
    const meta = list[0] ? cliMeta(list[0]) : undefined;
    const spec = segmentSpec(row, {
      ...(meta?.split ?? link),
      index,
      count: link.count,
      parentOut: row.out,
      parentLabel: row.label,
    });
    const decision: Decision = runAgain
      ? { kind: 'submit', attempt: nextAttempt(list) }
      : decide(list, segmentOptions, await fileExists(spec.out));
    const task: Task = { spec, decision };
    const settled = immediate({ ...row, key: spec.key, label: spec.label, out: spec.out }, decision);
    if (settled) task.result = settled;
    group.tasks.push(task);
  }
  return group;
}

/** Plans and cuts a split row; reuses segment files an earlier, interrupted run already cut. */
async function prepareSplit(ctx: RunContext, group: SplitGroup): Promise<void> {
  const { row } = group;
  const ffmpeg = ffmpegPath(ctx.env);
  ctx.progress.update(row.label, { phase: 'splitting' });
  const info = await mediaInfo(ffmpeg, row.video, ctx.signal);
  if (info.durationSec === undefined)
    throw preflightError(
      [`video ${row.video}: ffmpeg cannot tell its length, so it cannot be split.`],
      false,
    );
  const audioInfo = await mediaInfo(ffmpeg, row.audio, ctx.signal);
  if (audioInfo.durationSec !== undefined && audioInfo.durationSec > info.durationSec + 0.05) {
    ctx.progress.log(
      `${row.label ? `${row.label}: ` : ''}note: the audio is ${(audioInfo.durationSec - info.durationSec).toFixed(2)} s longer than the video; with --split the result follows the video's length.`,
    );
  }
  const plan = planSegments({ durationSec: info.durationSec, fps: info.fps });
  if (group.tasks.length > 0 && group.tasks.length !== plan.segments.length) {
    throw preflightError(
      [
        `${row.label ? `${row.label}: ` : ''}the inputs changed since this split job started (${group.tasks.length} segments then, ${plan.segments.length} now).`,
      ],
      false,
    );
  }
  group.plan = plan;
  await mkdir(group.dir, { recursive: true });
  if (group.tasks.length === 0) {
    for (const segment of plan.segments) {
      const link: SplitLink = {
        parentKey: row.key,
        parentOut: row.out,
        parentLabel: row.label,
        index: segment.index,
        count: plan.segments.length,
        durationSec: segment.durationSec,
        fps: plan.fps,
        dir: group.dir,
      };
      group.tasks.push({ spec: segmentSpec(row, link), decision: { kind: 'submit', attempt: 1 } });
    }
  }
  const needed = group.tasks.filter((task) => task.decision.kind === 'submit' && !task.result);
  const missing: typeof needed = [];
  for (const task of needed) {
    if (!(await fileExists(task.spec.video)) || !(await fileExists(task.spec.audio))) missing.push(task);
  }
  if (missing.length > 0) {
    const wanted = new Set(missing.map((task) => task.spec.split?.index));
    await cutSegments({
      ffmpeg,
      video: row.video,
      audio: row.audio,
      plan: { ...plan, segments: plan.segments.filter((segment) => wanted.has(segment.index)) },
      dir: group.dir,
      signal: ctx.signal,
      onSegment: (done, total) =>
        ctx.progress.update(row.label, { phase: 'splitting', percent: (100 * done) / total }),
    });
  }
  ctx.progress.clear(row.label);
  ctx.progress.log(
    `${row.label ? `${row.label}: ` : ''}split into ${plan.segments.length} segments of ${plan.segments.map((segment) => segment.durationSec.toFixed(2)).join(' + ')} s`,
  );
}

/** Joins a split row once every segment is in; otherwise reports the worst segment. */
async function finishSplit(ctx: RunContext, group: SplitGroup): Promise<RowResult> {
  const { row } = group;
  const segments = group.tasks.map((task) => task.result as JobReport);
  const base = {
    label: row.label,
    key: row.key,
    out: row.out,
    segments,
    elapsedMs: Math.max(0, ...segments.map((s) => s.elapsedMs)),
  };
  const bad = segments.filter((segment) => segment.status !== 'done' && segment.status !== 'skipped');
  if (bad.length > 0) {
    const exitCode = worstExitCode(bad.map((segment) => segment.exitCode));
    const first = bad.find((segment) => segment.exitCode === exitCode) ?? (bad[0] as JobReport);
    ctx.progress.update(row.label, { phase: first.status === 'interrupted' ? 'interrupted' : 'failed' });
    return {
      ...base,
      status: first.status,
      exitCode,
      error: first.error && {
        ...first.error,
        message: `${first.label}: ${first.error.message}`,
      },
      note:
        first.note ??
        `${bad.length} of ${segments.length} segments did not finish; the others are kept, so re-running resumes only what is missing.`,
    };
  }
  ctx.progress.update(row.label, { phase: 'joining' });
  try {
    const durations = group.tasks.map((task) => task.spec.split?.durationSec as number);
    await mkdir(dirname(row.out), { recursive: true });
    const joined = await joinSegments({
      ffmpeg: ffmpegPath(ctx.env),
      inputs: group.tasks.map((task) => task.spec.out),
      durations,
      fps: group.tasks[0]?.spec.split?.fps,
      out: row.out,
      signal: ctx.signal,
    });
    await rm(group.dir, { recursive: true, force: true });
    ctx.progress.update(row.label, { phase: 'done' });
    const durationSec = await probeFile(row.out)
      .then((probe) => probe.durationSec)
      .catch(() => joined.durationSec);
    return {
      ...base,
      status: 'done',
      exitCode: ExitCode.ok,
      durationSec,
      note: `joined ${segments.length} segments`,
    };
  } catch (error) {
    ctx.progress.update(row.label, { phase: 'failed' });
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      status: ctx.signal.aborted ? 'interrupted' : 'failed',
      exitCode: ctx.signal.aborted ? ExitCode.interrupted : ExitCode.failed,
      error: {
        code: 'join',
        message: `Joining the segments failed: ${message}`,
        hint: 'The segment results are kept; run `reanimate resume` to try the join again.',
      },
    };
  }
}

/**
 * Looks up the service's price once, estimates every row that will be sent, and says so on stderr. A batch costing
 * more than the threshold, or run without a terminal to ask at, needs `--yes` or a `--max-cost` it stays within.
 */
async function estimateAndConfirm(
  ctx: RunContext,
  entries: {
    row: WorkRow;
    group?: SplitGroup;
    durationSec?: number | undefined;
    audioSec?: number | undefined;
    estimatedUsd?: number | undefined;
  }[],
  options: ProcessOptions,
): Promise<void> {
  let price: ModelPrice | undefined;
  try {
    price = await ctx.price(ctx.signal);
  } catch (error) {
    // A bad token or an empty balance stops everything here, before the uploads; a price we cannot read does not.
    if (!ResponseSchemaError.isInstance(error)) throw error;
  }
  let total = 0;
  let unknown = 0;
  for (const entry of entries) {
    const { durationSec, audioSec } = entry;
    if (!price || durationSec === undefined || audioSec === undefined) {
      unknown += 1;
      continue;
    }
    const lipsyncMode = entry.row.options.lipsync_mode ?? DEFAULTS.lipsync_mode;
    const long = durationSec > MAX_INPUT_SECONDS;
    // A split row is several jobs: flat prices count per segment; per-second prices add up to the whole.
    const segments = long && price.priceUnit === 'output' ? planSegments({ durationSec }).segments.length : 1;
    const one = estimateCost(price, {
      videoSec: durationSec,
      audioSec: long ? durationSec : audioSec,
      lipsyncMode,
    });
    entry.estimatedUsd = roundUsd(one.usd * segments);
    total += entry.estimatedUsd;
  }
  const unit = price
    ? price.priceUnit === 'second'
      ? `${formatUsd(price.basePriceUsd)} per second of output`
      : `${formatUsd(price.basePriceUsd)} per video`
    : '';
  const jobs = entries.length === 1 ? 'this job' : `${entries.length} jobs`;
  if (!price) ctx.progress.log(`Estimated cost: unknown (the service's price could not be read).`);
  else {
    const partial = unknown > 0 ? ` (${unknown} of them of unknown length, not counted)` : '';
    // On a team server, work anyone already asked for is joined and costs nothing more: this is the most it costs.
    const most = ctx.team ? ' at most (work the team already asked for costs nothing more)' : '';
    ctx.progress.log(
      `Estimated cost of ${jobs}: ${formatUsd(roundUsd(total))}${most}${partial}, at ${unit}.`,
    );
  }
  if (options.policy !== 'batch') return;
  const confirm = options.confirm;
  if (confirm?.maxCostUsd !== undefined) {
    if (!price || unknown > 0 || total > confirm.maxCostUsd) {
      throw new InputError(
        `This batch would cost ${price && unknown === 0 ? `about ${formatUsd(roundUsd(total))}` : 'an unknown amount'}, over --max-cost ${formatUsd(confirm.maxCostUsd)}; nothing was uploaded or sent.`,
        { hint: 'Raise --max-cost, or run fewer rows.' },
      );
    }
    return;
  }
  if (confirm?.yes) return;
  const threshold = confirm?.thresholdUsd ?? DEFAULT_CONFIRM_ABOVE_USD;
  if (!confirm?.interactive || !price || unknown > 0 || total > threshold) {
    const why = !confirm?.interactive
      ? 'there is no terminal to confirm at'
      : `it is over ${formatUsd(threshold)}`;
    throw new InputError(
      `This batch would cost ${price && unknown === 0 ? `about ${formatUsd(roundUsd(total))}` : 'an unknown amount'} and ${why}; nothing was uploaded or sent.`,
      {
        hint: 'Re-run with --yes to go ahead, or with --max-cost <usd> to go ahead only within that budget.',
      },
    );
  }
}

/** A batch above this needs --yes (REANIMATE_CONFIRM_ABOVE_USD overrides it). */
export const DEFAULT_CONFIRM_ABOVE_USD = 5;
