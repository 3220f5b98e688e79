import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ERRORS } from '../../shared/schema/api-errors.js';
import { ApiErrorSchema } from '../../shared/schema/api.js';
import { withErrorTable } from '../../scripts/error-table.js';

describe('the API error catalogue', () => {
  it('is what README documents (run npm run docs:errors after changing it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withErrorTable(readme)).toBe(readme);
  });

  it('gives each code one status, a Chinese and an English message, and the wire schema only its codes', () => {
    for (const [code, e] of Object.entries(API_ERRORS)) {
      expect(code).toMatch(/^[a-z][a-z-]+$/);
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    expect(ApiErrorSchema.safeParse({ error: { code: 'item-not-found', message: 'x' } }).success).toBe(true);
    expect(ApiErrorSchema.safeParse({ error: { code: 'made-up', message: 'x' } }).success).toBe(false);
  });
});
