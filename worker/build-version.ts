import packageJson from '../package.json';

/**
 * The build this deployment runs: `version.json`, which `node scripts/build.js` writes beside the
 * add-in's pages (git describe, or the package version outside a git clone), read through the
 * static-assets binding; the package version when no assets are bound (unit tests).
 */
let known: string | undefined;

export async function buildVersion(env: Pick<Env, 'ASSETS'>): Promise<string> {
  if (known) return known;
  try {
    const res = await env.ASSETS?.fetch('https://assets.local/version.json');
    if (res?.ok) {
      const { version } = (await res.json()) as { version?: unknown };
      if (typeof version === 'string' && version) return (known = version);
    }
  } catch {
    // No assets in this environment: the package version below says enough.
  }
  return (known = packageJson.version);
}
