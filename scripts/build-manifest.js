// Writes the add-in's manifest for an origin (SPEC section 13). manifest.xml (checked in) is the
// template, for the development origin https://localhost:3000; this rewrites every URL onto the
// given origin, lists it in AppDomains, gives a new version and keeps the Id, so Excel and the
// Microsoft 365 admin center treat it as an update of the same add-in.
//
//   npm run build:manifest -- --url https://ledger.example.gov.cn   → dist/manifest.xml (production)
//   npm run build:manifest -- --dev [--port N]                     → dist/manifest.dev.xml (PORT, else 3000)
//   options: --out FILE, --version 1.2.3.4, --provider NAME, --support-url URL
// ProviderName and the support URL come from manifest.settings.json (the publisher, not the
// product's name); the flags override it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The origin the checked-in template is written for. */
export const TEMPLATE_ORIGIN = 'https://localhost:3000';

/**
 * An add-in origin from what an IT person types: https, a host, maybe a port; no path.
 * @example originOf('https://ledger.example.gov.cn/') === 'https://ledger.example.gov.cn'
 */
export function originOf(text) {
  let url;
  try {
    url = new URL(String(text ?? '').trim());
  } catch {
    throw new Error(`--url 应是完整的网址，如 https://ledger.example.gov.cn，而不是 “${text ?? ''}” / --url must be a full address such as https://ledger.example.gov.cn`);
  }
  if (url.protocol !== 'https:') throw new Error(`Office 加载项只能从 https 网址加载，而不是 ${url.protocol}// / Office add-ins load only over https`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new Error(`--url 只写到域名（和端口）为止，如 ${url.origin}，加载项的网页都在它的根路径下 / --url is the origin only, e.g. ${url.origin}`);
  }
  return url.origin;
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A four-part manifest version: the package version and the clone's commit count. */
export function defaultVersion() {
  const [major = 0, minor = 0, patch = 0] = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version.split(/[.-]/).map(Number);
  let build = 0;
  try {
    build = Number(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || 0;
  } catch {
    // Not a git clone (a release tarball): the package version alone.
  }
  return `${major}.${minor}.${patch}.${build}`;
}

/** manifest.settings.json: who publishes the add-in and where help is. */
export function publisherSettings() {
  const raw = JSON.parse(readFileSync(resolve(root, 'manifest.settings.json'), 'utf8').replace(/^\uFEFF/, ''));
  if (typeof raw.providerName !== 'string' || !raw.providerName.trim()) throw new Error('manifest.settings.json 缺少 providerName（发布单位） / manifest.settings.json needs providerName');
  return { providerName: raw.providerName.trim(), supportUrl: typeof raw.supportUrl === 'string' && raw.supportUrl.trim() ? raw.supportUrl.trim() : 'help.html' };
}

/**
 * The manifest for one origin, from the template's text.
 * @param {string} template manifest.xml's text
 * @param {{ origin: string, version: string, providerName: string, supportUrl: string }} how
 */
export function manifestFor(template, { origin, version, providerName, supportUrl }) {
  if (!/^\d{1,5}(\.\d{1,5}){3}$/.test(version)) throw new Error(`版本号应为四段数字，如 1.2.3.4，而不是 ${version} / the version must be four numbers, e.g. 1.2.3.4`);
  if (providerName.length > 250) throw new Error('providerName 太长（最多 250 字） / providerName is longer than 250 characters');
  const support = new URL(supportUrl, `${origin}/`).href;
  const xml = template
    .replaceAll(TEMPLATE_ORIGIN, origin)
    .replace(/<Version>[^<]*<\/Version>/, `<Version>${version}</Version>`)
    .replace(/<ProviderName>[^<]*<\/ProviderName>/, `<ProviderName>${escapeXml(providerName)}</ProviderName>`)
    .replace(/<SupportUrl DefaultValue="[^"]*"\/>/, `<SupportUrl DefaultValue="${escapeXml(support)}"/>`)
    .replace(/<AppDomains>[\s\S]*?<\/AppDomains>/, `<AppDomains>\n    <AppDomain>${origin}</AppDomain>\n  </AppDomains>`)
    .replace(/<!--[\s\S]*?-->\n/, `<!-- 整改台账检查 for ${origin}: written by npm run build:manifest from manifest.xml; do not edit. -->\n`);
  return xml;
}

/** Writes a manifest; returns where. `dev` writes the development one for a port. */
export function writeManifest({ url, dev = false, port, out, version, provider, supportUrl } = {}) {
  const origin = dev ? `https://localhost:${Number(port ?? process.env.PORT ?? 3000)}` : originOf(url);
  const settings = publisherSettings();
  const template = readFileSync(resolve(root, 'manifest.xml'), 'utf8');
  const xml = manifestFor(template, {
    origin,
    version: version ?? defaultVersion(),
    providerName: provider ?? settings.providerName,
    supportUrl: supportUrl ?? settings.supportUrl,
  });
  const target = resolve(root, out ?? (dev ? 'dist/manifest.dev.xml' : 'dist/manifest.xml'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, xml);
  return { target, origin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values } = parseArgs({
      options: { url: { type: 'string' }, dev: { type: 'boolean' }, port: { type: 'string' }, out: { type: 'string' }, version: { type: 'string' }, provider: { type: 'string' }, 'support-url': { type: 'string' } },
    });
    if (!values.dev && !values.url) throw new Error('请给出部署的网址：npm run build:manifest -- --url https://你的域名（开发用：--dev） / give the deployment: --url https://HOST (or --dev)');
    if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) throw new Error(`--port 应是端口号，而不是 ${values.port}`);
    const { target, origin } = writeManifest({ ...values, supportUrl: values['support-url'] });
    console.log(`manifest for ${origin} written to ${target}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
