// The county office's pages (pages/*.html) share their head and sign-in form: each page names a
// partial of pages/partials/ with the values it fills, and the build writes the page whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = /^[ \t]*<!--\s*partial\s+([a-z-]+)((?:\s+[a-z]+="[^"]*")*)\s*-->/gm;
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Replaces each `<!-- partial NAME key="value" … -->` with `dir/NAME.html`, its `{{key}}`s filled
 * (HTML-escaped). An unknown partial or a value the partial needs and the page does not give is
 * an error, so a page never ships with a hole in it.
 * @example fillPartials('<!-- partial head title="通报" script="/reports/bulletin.js" -->', 'pages/partials')
 * @param {string} html
 * @param {string} dir
 * @returns {string}
 */
export function fillPartials(html, dir) {
  return html.replace(MARK, (_, name, attrs) => {
    let partial;
    try {
      partial = readFileSync(join(dir, `${name}.html`), 'utf8');
    } catch {
      throw new Error(`页面片段 ${name} 不存在 (no partial ${name}.html in ${dir})`);
    }
    const values = Object.fromEntries([...attrs.matchAll(/([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    return partial.replace(/\{\{([a-z]+)\}\}/g, (__, key) => {
      if (!(key in values)) throw new Error(`页面片段 ${name} 缺少 ${key} (partial ${name} needs ${key}="…")`);
      return escape(values[key]);
    }).replace(/\n$/, '');
  });
}
