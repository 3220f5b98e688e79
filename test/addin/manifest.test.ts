import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The development manifest (manifest.xml, the template) and the production one that
// `npm run build:manifest -- --url https://HOST` writes, checked offline alike (SPEC section 13).
const ORIGIN = 'https://ledger.example.gov.cn';
/** Where Microsoft requires production add-ins to load office.js from (SPEC section 13). */
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const work = mkdtempSync(join(tmpdir(), 'ledger-manifest-'));
const prodManifest = join(work, 'manifest.xml');
const prodPages = join(work, 'pages');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => execFileSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
const info = (file: string) => execFileSync('npx', ['--no-install', 'office-addin-manifest', 'info', file], { encoding: 'utf8' });

beforeAll(() => {
  run(['scripts/build-manifest.js', '--url', `${ORIGIN}/`, '--out', prodManifest]);
  run(['scripts/build.js', '--production', '--outdir', prodPages]);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const template = readFileSync('manifest.xml', 'utf8');
const ID = /<Id>([^<]+)<\/Id>/.exec(template)![1]!;
const versionOf = (xml: string) => /<Version>([^<]+)<\/Version>/.exec(xml)![1]!;
const urlsOf = (xml: string) => [...xml.matchAll(/(?:DefaultValue|Value)="(\w+:\/\/[^"]*)"|<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => (m[1] ?? m[2])!);
const pngSize = (file: string) => {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
};

const manifests = [
  { kind: 'development', origin: 'https://localhost:3000', file: () => 'manifest.xml', served: () => 'dist/addin' },
  { kind: 'production', origin: ORIGIN, file: () => prodManifest, served: () => prodPages },
];

describe.each(manifests)('the $kind manifest, checked offline', ({ origin, file, served }) => {
  const xml = () => readFileSync(file(), 'utf8');
  const attrs = (name: string) => [...xml().matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

  it('parses with office-addin-manifest info, with the one Id and its publisher', () => {
    const out = info(file());
    expect(out).toContain(`Id: ${ID}`);
    expect(out).toContain('Hosts: Workbook');
    expect(out).toContain('Provider: 县委巡察办');
    expect(out).not.toContain('Provider: 整改台账检查');
  });

  it('has a GUID id, requires ExcelApi 1.9, and puts every URL on its origin over https', () => {
    expect(/<Id>([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<\/Id>/.test(xml())).toBe(true);
    expect(xml()).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
    const urls = urlsOf(xml());
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) expect(u === origin || u.startsWith(`${origin}/`), u).toBe(true);
    expect([...xml().matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1])).toEqual([origin]);
  });

  it('resolves every resid to a resource, and every resource is used', () => {
    const ids = new Set(attrs('id').filter((id) => !id.startsWith('LedgerCheck.')));
    const used = new Set(attrs('resid'));
    for (const r of used) expect(ids.has(r), r).toBe(true);
    for (const id of ids) expect(used.has(id), id).toBe(true);
  });

  it('registers exactly the ExecuteFunction names with Office.actions.associate', () => {
    const inManifest = [...xml().matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]).sort();
    const source = readFileSync('addin/commands/commands.ts', 'utf8');
    const associated = [...source.matchAll(/Office\.actions\.associate\('([^']+)'/g)].map((m) => m[1]).sort();
    expect(inManifest).toEqual(['checkLedger', 'clearAnnotations']);
    expect(associated).toEqual(inManifest);
  });

  it('has every icon the manifest names, drawn at its size', () => {
    const images = [...xml().matchAll(new RegExp(`<bt:Image id="[^"]+" DefaultValue="${origin}/(assets/icon-[a-z]+-(\\d+)\\.png)"`, 'g'))];
    expect(images.length).toBe(9);
    for (const [, path, size] of images) expect(pngSize(`${served()}/${path}`)).toEqual([Number(size), Number(size)]);
    for (const [name, size] of [['icon-check-32.png', 32], ['icon-check-64.png', 64]] as const) expect(pngSize(`${served()}/assets/${name}`)).toEqual([size, size]);
  });

  it('points only at pages and icons its build serves', () => {
    const paths = urlsOf(xml()).filter((u) => u !== origin).map((u) => u.slice(origin.length + 1));
    for (const path of new Set(paths)) expect(existsSync(`${served()}/${path}`), path).toBe(true);
  });
});

describe('the production manifest and pages', () => {
  it('keeps the Id and carries a newer four-part version than the template', () => {
    const prod = readFileSync(prodManifest, 'utf8');
    expect(/<Id>([^<]+)<\/Id>/.exec(prod)![1]).toBe(ID);
    expect(versionOf(prod)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // Compared part by part, as Office does: the first part that differs decides.
    const [a, b] = [versionOf(prod), versionOf(template)].map((v) => v.split('.').map(Number)) as [number[], number[]];
    const i = a.findIndex((n, k) => n !== b[k]);
    expect(i >= 0 && a[i]! > b[i]!, `${a.join('.')} after ${b.join('.')}`).toBe(true);
  });

  it('its pages load office.js from Microsoft’s CDN and ship no copy of it, nor the harness', () => {
    for (const page of ['taskpane.html', 'commands.html']) {
      const html = readFileSync(join(prodPages, page), 'utf8');
      expect(html).toContain(`<script src="${OFFICE_CDN}"></script>`);
      expect(html).not.toContain('office/office.js');
    }
    expect(existsSync(join(prodPages, 'office'))).toBe(false);
    expect(existsSync(join(prodPages, 'harness.html'))).toBe(false);
  });

  it('with --self-host-office, the pages load the packaged copy, served beside them', () => {
    const selfHosted = join(work, 'self-hosted');
    run(['scripts/build.js', '--production', '--self-host-office', '--outdir', selfHosted]);
    expect(readFileSync(join(selfHosted, 'taskpane.html'), 'utf8')).toContain('<script src="office/office.js"></script>');
    expect(existsSync(join(selfHosted, 'office/office.js'))).toBe(true);
  });

  it('refuses an origin that is not https, or has a path, with a clear message', () => {
    for (const [url, message] of [['http://ledger.example.gov.cn', /只能从 https/], ['https://ledger.example.gov.cn/addin', /只写到域名/], ['ledger', /完整的网址/]] as const) {
      let stderr = '';
      try {
        execFileSync(process.execPath, ['scripts/build-manifest.js', '--url', url, '--out', join(work, 'bad.xml')], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        stderr = (error as { stderr: string }).stderr;
      }
      expect(stderr).toMatch(message);
    }
    expect(existsSync(join(work, 'bad.xml'))).toBe(false);
  });
});

describe('the development manifest follows the dev server’s port', () => {
  it('PORT=3456 gives every URL on https://localhost:3456, and info reads it', () => {
    const out = join(work, 'dev.xml');
    run(['scripts/build-manifest.js', '--dev', '--out', out], { PORT: '3456' });
    const xml = readFileSync(out, 'utf8');
    for (const u of urlsOf(xml)) expect(u.startsWith('https://localhost:3456'), u).toBe(true);
    expect(info(out)).toContain('Source Location: https://localhost:3456/taskpane.html');
  });

  it('has the Office template’s start, stop and validate scripts, and build:manifest', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.validate).toBe('office-addin-manifest validate manifest.xml');
    expect(scripts.start).toBeDefined();
    expect(scripts.stop).toBeDefined();
    expect(scripts['build:manifest']).toBe('node scripts/build-manifest.js');
  });
});
