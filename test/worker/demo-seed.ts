import { inject } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { xlsxToWorkbook } from '../../worker/xlsx-grid.js';
import { api, base64Bytes, expectJson, issueToken, uploadForm } from './helpers.js';

/**
 * The demo county as `npm run dev:worker` seeds it: each ledger's unit read from the ledger,
 * registered with a token, the ledger uploaded by that unit (on the helpers' TODAY, 2023-04-24).
 * Returns the county token and each unit's token.
 */
export async function seedDemoCounty(): Promise<{ county: string; units: Map<string, string> }> {
  const units = new Map<string, string>();
  for (const [file, b64] of Object.entries(inject('demoCounty'))) {
    const bytes = base64Bytes(b64);
    const unit = checkWorkbooks([await xlsxToWorkbook(bytes, file)]).sheets.find((s) => s.isLedger)!.unit!;
    const token = await issueToken('unit', unit);
    await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(bytes, file) }), 201);
    units.set(unit, token);
  }
  return { county: await issueToken('county'), units };
}
