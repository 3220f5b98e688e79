import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignOrDefault } from '../../shared/index.js';

// SPEC section 13: the product has one default campaign, in shared/. Every shell takes the
// county's campaign from its server or a campaign file, and names the default only through
// shared's campaignOrDefault(); no copy of the campaign lives anywhere else.
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'fixtures' ? [] : sources(path);
    return /\.(ts|js|html)$/.test(name) ? [path] : [];
  });
}

const c = campaignOrDefault();
const COPIES = [/\bDEFAULT_CAMPAIGN\b/, new RegExp(`['"]${c.id}['"]\\s*[,}]`), new RegExp(c.name), new RegExp(`\\[${c.categories.map((x) => `['"]${x}['"]`).join(',\\s*')}\\]`)];

describe('one campaign', () => {
  it('no shell, script or test holds DEFAULT_CAMPAIGN or a copy of the default campaign', () => {
    const offenders: string[] = [];
    for (const file of ['addin', 'worker', 'cli', 'scripts', 'bench', 'test'].flatMap(sources).filter((f) => !f.endsWith('one-campaign.test.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of COPIES) if (pattern.test(text) && !(file.startsWith('test') && pattern !== COPIES[0])) offenders.push(`${file}: ${pattern.source}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the patterns would catch a copy (so the test above can fail)', () => {
    const copy = `const campaign = { id: '${c.id}', name: '${c.name}', categories: ${JSON.stringify(c.categories).replaceAll('"', "'").replaceAll(',', ', ')} };`;
    expect(COPIES.slice(1).every((p) => p.test(copy))).toBe(true);
  });
});
