import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/manifest.js';

describe('parseManifest', () => {
  it('reads CSV rows, resolving paths against the manifest folder and passing URLs through', () => {
    const csv = [
      'video,audio,out,emotion,model_mode,lipsync_mode,temperature',
      '# a comment line',
      'clips/a.mp4,dubs/a.wav,out/a.mp4,happy,,,0.7',
      '"https://cdn.example.com/b.mp4?sig=1",/abs/b.mp3,b.mp4,,head,loop,',
      '',
    ].join('\n');
    const manifest = parseManifest(csv, '/work/jobs/manifest.csv');
    expect(manifest.rows).toEqual([
      {
        row: 1,
        video: '/work/jobs/clips/a.mp4',
        audio: '/work/jobs/dubs/a.wav',
        out: '/work/jobs/out/a.mp4',
        options: { emotion: 'happy', temperature: 0.7 },
      },
      {
        row: 2,
        video: 'https://cdn.example.com/b.mp4?sig=1',
        audio: '/abs/b.mp3',
        out: '/work/jobs/b.mp4',
        options: { model_mode: 'head', lipsync_mode: 'loop' },
      },
    ]);
  });

  it('reads a JSON array of the same objects', () => {
    const json = JSON.stringify([{ video: 'a.mp4', audio: 'a.wav', out: 'x.mp4', temperature: 0.2 }]);
    expect(parseManifest(json, '/m/list.json').rows).toEqual([
      { row: 1, video: '/m/a.mp4', audio: '/m/a.wav', out: '/m/x.mp4', options: { temperature: 0.2 } },
    ]);
  });

  it('names the row, its line and the field of every problem at once', () => {
    const csv = [
      'video,audio,out,emotion,temperature,colour',
      'a.mp4,a.wav,a-out.mp4,happy,0.5,red',
      'b.mp4,,b-out.mp4,furious,3,',
      'c.mp4,c.wav,a-out.mp4,,,',
    ].join('\n');
    let message = '';
    try {
      parseManifest(csv, '/m/jobs.csv');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('header, colour: unknown column');
    expect(message).toContain('row 2 (line 3), audio: is required');
    expect(message).toContain(
      'row 2 (line 3), emotion: emotion must be one of: happy, angry, sad, neutral, disgusted, surprised',
    );
    expect(message).toContain('row 2 (line 3), temperature: temperature must be a number from 0 to 1');
    expect(message).toContain('row 3 (line 4), out: same output file as row 1');
    expect(message).toMatch(/has 5 problems/);
  });

  it('refuses JSON that is not an array, and files that are neither CSV nor JSON', () => {
    expect(() => parseManifest('{"video":"a"}', '/m/x.json')).toThrow(/must be an array of row objects/);
    expect(() => parseManifest('[1]', '/m/x.json')).toThrow(/row 1, \(row\): must be an object/);
    expect(() => parseManifest('video,audio,out\n', '/m/x.csv')).toThrow(/has no rows/);
    expect(() => parseManifest('', '/m/x.txt')).toThrow(/must be a \.csv or \.json file/);
  });
});
