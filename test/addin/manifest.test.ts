import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const xml = readFileSync('manifest.xml', 'utf8');
const attrs = (name: string) => [...xml.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
const pngSize = (file: string) => {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

describe('manifest.xml, checked offline', () => {
  it('parses with office-addin-manifest info', () => {
    const out = execFileSync('npx', ['--no-install', 'office-addin-manifest', 'info', 'manifest.xml'], { encoding: 'utf8' });
    expect(out).toContain('Id: 6f1c2d4e-8a3b-4c5d-9e7f-2a1b3c4d5e6f');
    expect(out).toContain('Hosts: Workbook');
  });

  it('has a GUID id, requires ExcelApi 1.9, and uses https for every URL', () => {
    expect(/<Id>([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<\/Id>/.test(xml)).toBe(true);
    expect(xml).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(\w+:\/\/[^"]*)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) expect(u).toMatch(/^https:\/\//);
  });

  it('resolves every resid to a resource, and every resource is used', () => {
    const ids = new Set(attrs('id').filter((id) => !id.startsWith('LedgerCheck.')));
    const used = new Set(attrs('resid'));
    for (const r of used) expect(ids.has(r), r).toBe(true);
    for (const id of ids) expect(used.has(id), id).toBe(true);
  });

  it('registers exactly the ExecuteFunction names with Office.actions.associate', () => {
    const inManifest = [...xml.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]).sort();
    const source = readFileSync('addin/commands/commands.ts', 'utf8');
    const associated = [...source.matchAll(/Office\.actions\.associate\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(inManifest).toEqual(['checkLedger', 'clearAnnotations']);
    expect(associated).toEqual(inManifest);
  });

  it('has every icon the manifest names, drawn at its size', () => {
    const images = [...xml.matchAll(/<bt:Image id="[^"]+" DefaultValue="https:\/\/localhost:3000\/(assets\/icon-[a-z]+-(\d+)\.png)"/g)];
    expect(images.length).toBe(9);
    for (const [, path, size] of images) {
      const file = `addin/${path}`;
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual([Number(size), Number(size)]);
    }
    for (const [name, size] of [['icon-check-32.png', 32], ['icon-check-64.png', 64]] as const) expect(pngSize(`addin/assets/${name}`)).toEqual([size, size]);
  });

  it('points only at pages and icons the build serves', () => {
    const paths = [...xml.matchAll(/https:\/\/localhost:3000\/([^"]+)"/g)].map((m) => m[1]!);
    for (const path of new Set(paths)) expect(existsSync(`dist/addin/${path}`), path).toBe(true);
  });

  it('has the Office template’s start, stop and validate scripts', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.validate).toBe('office-addin-manifest validate manifest.xml');
    expect(scripts.start).toBeDefined();
    expect(scripts.stop).toBeDefined();
  });
});
