import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EVIDENCE_MAX_BYTES, type EvidenceUpload } from '../../shared/schema/chase.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readableItem, readableItemWith } from '../access.js';
import { evidenceCounts, evidenceOf, evidenceStatement, findEvidenceStatement, insertEvidence, type EvidenceRow } from '../db/evidence.js';
import { EVIDENCE_MIME, evidenceTypeProblem, sniffType } from '../evidence/file-type.js';
import { sha256Hex } from '../hash.js';
import { tooLarge } from './submissions.js';
import { writeKey } from '../request-keys.js';

/**
 * Evidence files (佐证材料, SPEC 12.4): `POST /api/v1/items/:key/evidence` (multipart `file`:
 * pdf, jpg, png, docx or xlsx by content, ≤ 20 MB) stores the bytes in R2 and lists them;
 * `GET …/evidence` lists, `GET …/evidence/:id` reads back. The item's access rules apply: a
 * unit token reaches its own unit's items only (another unit's reads as 404).
 */
export const evidence = new Hono<AppEnv>();

evidence.get('/evidence-counts', async (c) => {
  const p = c.get('principal');
  return c.json({ counts: await evidenceCounts(c.env.DB, p.role === 'unit' ? p.unitId : undefined) });
});

evidence.post('/:key/evidence', bodyLimit({ maxSize: EVIDENCE_MAX_BYTES + 64 * 1024, onError: tooLarge }), async (c) => {
  const principal = c.get('principal');
  const item = await readableItem(c.env.DB, principal, c.req.param('key'));
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('unsupported-media-type', '请以 multipart/form-data 上传，字段名 file (upload as multipart/form-data with a "file" field)');
  }
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError('malformed-form');
  }
  const { file, ...rest } = form;
  if (!(file instanceof File) || Object.keys(rest).length) throw new ApiError('invalid-body', '表单只能有一个 file 字段 (the form takes exactly one "file" field)');
  if (file.size > EVIDENCE_MAX_BYTES) tooLarge();
  if (file.size === 0) throw new ApiError('invalid-body', '文件是空的 (the file is empty)');
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Path separators and control characters (code points below 32) become _ in the stored name.
  const name = [...(file.name || 'file')].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(-200);
  const type = sniffType(bytes);
  const problem = evidenceTypeProblem(type, name);
  if (problem || !type) throw new ApiError('evidence-type', problem!);
  const sha256 = await sha256Hex(bytes);
  // A retry is the same file under the same name, whatever multipart boundary its try had: answered
  // as the first try was, its bytes not stored twice.
  const keyed = await writeKey(c, `${sha256}:${name}`);
  if (keyed.replay) return keyed.replay;
  const id = crypto.randomUUID();
  const row = {
    id, itemKey: item.key, unitId: item.unit_id, r2Key: `evidence/${item.unit_id}/${item.key}/${id}`, name, type, size: bytes.length,
    sha256, uploadedAt: new Date().toISOString(), uploadedOn: c.get('today'),
  };
  // Bytes first: a listing never points at a file R2 does not have.
  await c.env.EVIDENCE.put(row.r2Key, bytes, { httpMetadata: { contentType: EVIDENCE_MIME[type] }, customMetadata: { item: item.key, name: encodeURIComponent(name) } });
  let count: number;
  try {
    count = await insertEvidence(c.env.DB, { ...row, tokenId: principal.tokenId }, keyed.statements);
  } catch (error) {
    // Not listed (D1 failed, or a second try of the same keyed upload won): its bytes go too. A
    // lost connection may come after the commit, so the listing is looked for first, and the bytes
    // stay unless it is surely not there (a listing never names a file R2 lacks).
    const listed = await c.env.DB.prepare('SELECT 1 AS n FROM evidence WHERE id = ?').bind(id).first().then((r) => r !== null, () => true);
    if (!listed) await c.env.EVIDENCE.delete(row.r2Key).catch((err: unknown) => console.error('evidence bytes not taken back', row.r2Key, err));
    throw error;
  }
  const { unitId: _u, r2Key: _k, ...info } = row;
  return c.json({ ...info, count } satisfies EvidenceUpload, 201);
});

evidence.get('/:key/evidence', async (c) => {
  const key = c.req.param('key');
  const [, [listed]] = await readableItemWith(c.env.DB, c.get('principal'), key, [evidenceStatement(c.env.DB, key)]);
  return c.json({ evidence: evidenceOf(listed!) });
});

evidence.get('/:key/evidence/:id', async (c) => {
  const key = c.req.param('key');
  const [, [found]] = await readableItemWith(c.env.DB, c.get('principal'), key, [findEvidenceStatement(c.env.DB, key, c.req.param('id'))]);
  const row = (found!.results[0] as EvidenceRow | undefined) ?? null;
  const object = row && (await c.env.EVIDENCE.get(row.r2Key));
  if (!row || !object) throw new ApiError('evidence-not-found');
  return new Response(object.body as unknown as ReadableStream, {
    headers: {
      'content-type': EVIDENCE_MIME[row.type],
      'content-length': String(row.size),
      'content-disposition': `attachment; filename="evidence.${row.type}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      'x-content-type-options': 'nosniff',
    },
  });
});
