import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError, usageText } from '../src/program.js';

describe('parseCommandLine', () => {
  it('parses run with every option', () => {
    expect(
      parseCommandLine([
        'run',
        '--video',
        'a.mp4',
        '--audio',
        'b.wav',
        '--out',
        'c.mp4',
        '--emotion',
        'Happy',
        '--model-mode',
        'lips',
        '--lipsync-mode',
        'cut_off',
        '--temperature',
        '0.7',
        '--split',
        '--json',
      ]),
    ).toEqual({
      command: 'run',
      video: 'a.mp4',
      audio: 'b.wav',
      out: 'c.mp4',
      options: { emotion: 'happy', model_mode: 'lips', lipsync_mode: 'cut_off', temperature: 0.7 },
      server: undefined,
      rerun: false,
      split: true,
      concurrency: 3,
      faceCheck: true,
      json: true,
    });
  });

  it.each([
    [[], /a command is required/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['run', '--video', 'a.mp4', '--out', 'c.mp4'], /--audio is required/],
    [
      ['run', '--video', 'a', '--audio', 'b', '--out', 'c', '--emotion', 'joyful'],
      /--emotion: emotion must be one of: happy/,
    ],
    [
      ['run', '--video', 'a', '--audio', 'b', '--out', 'c', '--temperature', '2'],
      /temperature must be a number from 0 to 1/,
    ],
    [
      ['run', '--video', 'a', '--audio', 'b', '--out', 'c', '--bogus'],
      /unknown option --bogus for `reanimate run`/,
    ],
    [['run', '--video'], /--video needs a value/],
    [['batch'], /a manifest file/],
    [['batch', 'a.csv', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 32/],
    [['cancel'], /a request id is required/],
    [['jobs', 'extra'], /unknown jobs action "extra"/],
    [['config', 'set', 'token'], /config set needs a value/],
    [['config', 'remove'], /unknown config action/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('takes values that start with a dash (a file named -face.mp4, a temperature of -0)', () => {
    expect(
      parseCommandLine([
        'run',
        '--video',
        '-face.mp4',
        '--audio',
        'b.wav',
        '--out',
        'c.mp4',
        '--temperature',
        '-0',
      ]),
    ).toMatchObject({ video: '-face.mp4', options: { temperature: -0 } });
  });

  it('knows help and version in every spelling', () => {
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help', topic: undefined });
    expect(parseCommandLine(['help', 'batch'])).toEqual({ command: 'help', topic: 'batch' });
    expect(parseCommandLine(['run', '-h'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCommandLine(['--version'])).toEqual({ command: 'version' });
  });

  it('parses the other commands', () => {
    expect(parseCommandLine(['batch', 'm.csv', '--concurrency', '5', '--retry-failed'])).toMatchObject({
      command: 'batch',
      manifest: 'm.csv',
      concurrency: 5,
      retryFailed: true,
      split: false,
    });
    expect(parseCommandLine(['cancel', 'req-1'])).toEqual({
      command: 'cancel',
      requestId: 'req-1',
      json: false,
    });
    // Forgetting is always about this machine's journal, whatever server is configured.
    expect(parseCommandLine(['jobs', 'forget', 'abc'])).toEqual({
      command: 'jobs',
      json: false,
      forget: 'abc',
      server: undefined,
      all: false,
      local: true,
    });
    expect(parseCommandLine(['jobs', '--server', 'https://team.example', '--all'])).toMatchObject({
      command: 'jobs',
      forget: undefined,
      server: 'https://team.example',
      all: true,
      local: false,
    });
    expect(parseCommandLine(['config'])).toMatchObject({ command: 'config', action: 'get' });
    expect(parseCommandLine(['config', 'set', 's3.bucket', 'b'])).toMatchObject({
      action: 'set',
      key: 's3.bucket',
      value: 'b',
    });
    expect(parseCommandLine(['resume', '--json'])).toEqual({ command: 'resume', concurrency: 3, json: true });
  });
});

describe('generated help', () => {
  it('lists every command, and each command its declared flags and notes', () => {
    const main = usageText();
    for (const command of ['run', 'batch', 'resume', 'jobs', 'cancel', 'config'])
      expect(main).toMatch(command);
    expect(main).toContain('Exit codes:');
    const run = usageText('run');
    expect(run).toMatch(/^Usage: reanimate run \[options\]/);
    for (const flag of [
      '--video',
      '--audio',
      '--out',
      '--emotion',
      '--model-mode',
      '--lipsync-mode',
      '--split',
    ])
      expect(run).toContain(flag);
    expect(run).toContain('happy, angry, sad, neutral, disgusted, surprised');
    expect(usageText('batch')).toContain('--retry-failed');
    expect(usageText('config')).toContain('s3.secretAccessKey');
  });
});
