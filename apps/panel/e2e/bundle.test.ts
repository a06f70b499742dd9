import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { DIST } from './support/panel-server.ts';

const GZIP_BUDGET = 300 * 1024;

describe('built CEP extension', () => {
  const assets = existsSync(join(DIST, 'assets')) ? readdirSync(join(DIST, 'assets')) : [];
  // The face detector is a script of its own, loaded only when a clip is checked (src/panel/faces/).
  const panelAssets = assets.filter((f) => /\.(js|css)$/.test(f) && f !== 'face-detector.js');
  const code = panelAssets.map((f) => readFileSync(join(DIST, 'assets', f)));

  it(`keeps the panel's JS + CSS under ${GZIP_BUDGET / 1024} kB gzipped`, () => {
    expect(code.length).toBeGreaterThan(0);
    const gzipped = code.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).byteLength, 0);
    console.info(`[bundle] ${panelAssets.join(', ')}: ${(gzipped / 1024).toFixed(1)} kB gzipped`);
    expect(gzipped).toBeLessThan(GZIP_BUDGET);
  });

  it('ships the face detector as a separate classic script within ES2021, with its model and wasm inside', () => {
    const js = readFileSync(join(DIST, 'assets', 'face-detector.js'), 'utf8');
    console.info(
      `[bundle] face-detector.js: ${(gzipSync(js, { level: 9 }).byteLength / 1024).toFixed(1)} kB gzipped, loaded on demand`,
    );
    expect(() => parse(js, { ecmaVersion: 2021, sourceType: 'script' })).not.toThrow();
    expect(js.startsWith('var ReanimateFaceDetector=')).toBe(true);
    // Nothing fetched from disk at run time (CEP's Chromium cannot fetch file://): data URLs only.
    // (Booleans, not matchers on the text: a failure would print 2.5 MB.)
    expect(js.split('data:application/wasm;base64,').length - 1).toBe(2); // plain and SIMD
    // ...and none of it in panel.js, which opens the panel.
    expect(readFileSync(join(DIST, 'assets', 'panel.js'), 'utf8').includes('TinyFaceDetector')).toBe(false);
  });

  it('is one classic script within ES2021, all of which Chromium 88 (CEP 11) runs: no modules, top-level await or class static blocks', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html).toMatch(/<script defer src="\.\/assets\/panel\.js"><\/script>/);
    expect(html).not.toMatch(/type="module"|src="\//);
    const js = readFileSync(join(DIST, 'assets', 'panel.js'), 'utf8');
    // acorn refuses import/export and top-level await in a script, and any syntax newer than ES2021.
    expect(() => parse(js, { ecmaVersion: 2021, sourceType: 'script' })).not.toThrow();
  });

  it('declares Premiere Pro and After Effects on CEP 11+, Node in mixed context, 280–800 px', () => {
    const manifest = readFileSync(join(DIST, 'CSXS', 'manifest.xml'), 'utf8');
    expect(manifest).toContain('<Host Name="PPRO"');
    expect(manifest).toContain('<Host Name="AEFT"');
    expect(manifest).toContain('<RequiredRuntime Name="CSXS" Version="11.0" />');
    expect(manifest).toContain('<Parameter>--enable-nodejs</Parameter>');
    expect(manifest).toContain('<Parameter>--mixed-context</Parameter>');
    // The face check reads pixels of file:// media from a file:// panel.
    expect(manifest).toContain('<Parameter>--allow-file-access-from-files</Parameter>');
    expect(manifest).toMatch(/<MinSize><Height>\d+<\/Height><Width>280<\/Width><\/MinSize>/);
    expect(manifest).toMatch(/<MaxSize><Height>\d+<\/Height><Width>800<\/Width><\/MaxSize>/);
    expect(manifest).not.toContain('xmlns=');
    // The XSD's sequence is Size, MaxSize, MinSize.
    expect(manifest.indexOf('<Size>')).toBeLessThan(manifest.indexOf('<MaxSize>'));
    expect(manifest.indexOf('<MaxSize>')).toBeLessThan(manifest.indexOf('<MinSize>'));
    expect(manifest).toContain('<MainPath>./index.html</MainPath>');
    expect(readFileSync(join(DIST, '.debug'), 'utf8')).toMatch(/<Host Name="PPRO" Port="8860" \/>/);
  });
});
