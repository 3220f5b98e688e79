import type { AggregateResponse, SubmissionResponse } from '../../shared/schema/api.js';
import { CountyClient, idempotencyKey, ServerError } from './client.js';

/** What one uploaded file became: each unit's submission with its items and errors, or why not. */
export interface UploadResult {
  file: string;
  submissions: { unit: string; version: number; items: number; errors: number }[];
  error?: string;
}

/** Asked before a file is taken for a unit its ledger does not name: true to go ahead. */
export type ConfirmUnit = (file: string, requested: string, ledger: readonly string[]) => Promise<boolean>;

/**
 * The county's uploads, one file after another (a failure names its file; the ones before it
 * stay stored). A unit mismatch is put to the person (confirm) and, if confirmed, sent again with
 * confirmUnit; a county aggregate comes back as one submission per unit.
 * @example await uploadWorkbooks(client, [{ name: 'a.xlsx', bytes }], { unit: '儒林镇', confirm: askInPane })
 */
export async function uploadWorkbooks(
  client: CountyClient, files: readonly { name: string; bytes: ArrayBuffer }[], options: { unit?: string | undefined; confirm: ConfirmUnit },
): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  for (const f of files) {
    const key = await idempotencyKey(`${options.unit ?? ''}:${f.name}:${await idempotencyKey(String(new Uint8Array(f.bytes)))}`);
    const send = (confirmUnit: boolean) => client.upload(new Blob([f.bytes]), f.name, options.unit, confirmUnit ? `${key}-confirmed` : key, confirmUnit);
    try {
      let answer: SubmissionResponse | AggregateResponse;
      try {
        answer = await send(false);
      } catch (err) {
        const units = err instanceof ServerError && err.code === 'unit-mismatch' ? err.units : undefined;
        if (!units || Array.isArray(units) || !(await options.confirm(f.name, units.requested, units.ledger))) throw err;
        answer = await send(true);
      }
      results.push({ file: f.name, submissions: submissionsOf(answer) });
    } catch (err) {
      results.push({ file: f.name, submissions: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}

function submissionsOf(answer: SubmissionResponse | AggregateResponse): UploadResult['submissions'] {
  if ('submissions' in answer) return answer.submissions.map((s) => ({ unit: s.unit, version: s.version, items: s.items, errors: s.errors }));
  return [{ unit: answer.submission.unit, version: answer.submission.version, items: answer.submission.items, errors: answer.report.stats.errors }];
}

/** One line per file for the pane: 文件 → 单位 N项 错误M; … */
export function uploadSummary(results: readonly UploadResult[]): string[] {
  return results.map((r) =>
    r.error
      ? `${r.file}：未报送（${r.error}）`
      : `${r.file} → ${r.submissions.map((s) => `${s.unit} 第${s.version}版 ${s.items}项 错误${s.errors}条`).join('；')}`,
  );
}
