// Reads, from the pinned client library, the ExcelApi requirement set of every member that the
// library checks (`_throwIfApiNotSupported("Range.hyperlink", …, "1.7")`). The host's table in
// excel-sim/host/api-sets.ts is generated from it; a test keeps the two in step.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIBRARY = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'node_modules/@microsoft/office-js/dist/excel-win32-16.01.debug.js');

/** `Type.member` → the lowest ExcelApi version the library requires for it. */
export async function requirementsFromLibrary(): Promise<Record<string, string>> {
  const src = await readFile(LIBRARY, 'utf8');
  const start = src.indexOf('var _defaultApiSetName = "ExcelApi"');
  const next = src.indexOf('var _defaultApiSetName', start + 10);
  const excel = src.slice(start, next < 0 ? undefined : next);
  const out: Record<string, string> = {};
  const minor = (v: string): number => Number(v.split('.')[1]);
  for (const m of excel.matchAll(/_throwIfApiNotSupported\("([A-Za-z]+\.[A-Za-z_]+)", _defaultApiSetName, "(1\.\d+)"/g)) {
    const [, member, version] = m as unknown as [string, string, string];
    const prev = out[member];
    if (prev === undefined || minor(version) < minor(prev)) out[member] = version;
  }
  return out;
}

/** The table as the source text of excel-sim/host/api-sets.ts. */
export function renderTable(table: Record<string, string>): string {
  const byVersion = new Map<string, string[]>();
  for (const [member, v] of Object.entries(table)) byVersion.set(v, [...(byVersion.get(v) ?? []), member]);
  const versions = [...byVersion.keys()].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const lines = versions.map((v) => `  '${v}': '${(byVersion.get(v) ?? []).sort().join(' ')}',`);
  return `// Generated from @microsoft/office-js 1.1.110 (excel-win32-16.01.debug.js) by
// test/addin/host/api-sets-source.ts: the ExcelApi requirement set of each member the client
// library checks. The simulated host answers ApiNotFound when its reported ExcelApi version is
// lower, as an older Excel does. Regenerate when the library is upgraded (a test compares).
const BY_VERSION: Record<string, string> = {
${lines.join('\n')}
};

/** \`Type.member\` → the ExcelApi version that introduced it (absent: 1.1 to 1.3 basics). */
export const API_SETS: ReadonlyMap<string, string> = new Map(Object.entries(BY_VERSION).flatMap(([v, members]) => members.split(' ').map((m) => [m, v] as [string, string])));
`;
}
