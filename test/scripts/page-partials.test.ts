import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the build's helpers are plain JavaScript without types
import { fillPartials } from '../../scripts/page-partials.js';

const ROOT = join(import.meta.dirname, '../..');
const PARTIALS = join(ROOT, 'pages/partials');
const fill = fillPartials as (html: string, dir: string) => string;
const page = (path: string) => fill(readFileSync(join(ROOT, path), 'utf8'), PARTIALS);

describe('the county office pages’ shared head and sign-in form', () => {
  it('fills each page with its own title and script, and leaves no marker behind', () => {
    for (const [path, title, script] of [['pages/dashboard.html', '全县整改工作看板', '/dashboard.js'], ['pages/reports/bulletin.html', '通报', '/reports/bulletin.js']] as const) {
      const html = page(path);
      expect(html).not.toMatch(/partial|\{\{/);
      expect(html).toContain(`<head>\n  <meta charset="utf-8">\n  <meta name="viewport" content="width=device-width, initial-scale=1">\n  <title>${title}</title>`);
      expect(html).toContain(`<link rel="stylesheet" href="/pages.css">\n  <script defer src="${script}"></script>\n</head>`);
      expect(html).toContain(`<body>\n  <form id="signin" hidden>\n    <h1>${title}</h1>\n    <label for="token">`);
      expect(html.match(/<form id="signin"/g)).toHaveLength(1);
    }
  });

  it('escapes the values it fills, and refuses an unknown partial or a missing value', () => {
    expect(fill('<!-- partial head title="A&B <c>" script="/x.js" -->', PARTIALS)).toContain('<title>A&amp;B &lt;c&gt;</title>');
    expect(() => fill('<!-- partial footer -->', PARTIALS)).toThrow(/页面片段 footer 不存在/);
    expect(() => fill('<!-- partial head title="通报" -->', PARTIALS)).toThrow(/缺少 script/);
  });
});
