import { DIAGNOSTICS, type Report } from '../../shared/index.js';
import { FIELD_DEF } from '../../shared/fields.js';
import type { Field } from '../../shared/schema/report.js';
import { t, type Lang } from '../i18n.js';
import { filterChoices, filterLines, findingLines, groupFindings, NO_FILTER, type FindingFilter, type FindingLine } from './findings.js';
import { $ } from './dom.js';


/** A field as the clerk's header says it (责任人); in English beside its name (责任人 (person)), as the sheet's headers stay Chinese. */
function fieldName(field: string, lang: Lang): string {
  const def = FIELD_DEF.get(field as Field);
  if (!def) return field;
  return lang === 'zh' ? def.zh : `${def.zh} (${field})`;
}

/**
 * The pane's list of findings: counts, filters (severity, column, person) and the lines grouped
 * by severity and code. A click on a line's cell selects it in the sheet.
 */
export class FindingsView {
  private lines: FindingLine[] = [];
  private report: Report | null = null;
  private filter: FindingFilter = { ...NO_FILTER };

  constructor(private readonly onSelect: (cell: string) => void) {
    for (const [id, key] of [['f-severity', 'severity'], ['f-field', 'field'], ['f-person', 'person']] as const) {
      $<HTMLSelectElement>(id).addEventListener('change', (e) => {
        this.filter = { ...this.filter, [key]: (e.target as HTMLSelectElement).value } as FindingFilter;
        this.draw(this.lang);
      });
    }
  }

  private lang: Lang = 'zh';

  show(report: Report, lang: Lang): void {
    this.report = report;
    this.lang = lang;
    this.lines = findingLines(report, lang);
    const { fields, persons } = filterChoices(this.lines);
    // A choice no longer offered (another sheet checked) falls back to any.
    if (!fields.includes(this.filter.field)) this.filter.field = '';
    if (!persons.includes(this.filter.person)) this.filter.person = '';
    this.options('f-severity', [['', t('allSeverities', lang)], ['error', t('errors', lang)], ['warning', t('warnings', lang)], ['info', t('infos', lang)]], this.filter.severity);
    this.options('f-field', [['', t('allFields', lang)], ...fields.map((f) => [f, fieldName(f, lang)] as [string, string])], this.filter.field);
    this.options('f-person', [['', t('allPersons', lang)], ...persons.map((p) => [p, p] as [string, string])], this.filter.person);
    this.draw(lang);
  }

  hide(): void {
    this.report = null;
    $('findings').hidden = true;
  }

  /** Re-renders in another language, keeping the filter. */
  relabel(lang: Lang): void {
    if (this.report) this.show(this.report, lang);
  }

  private options(id: string, choices: [string, string][], value: string): void {
    const select = $<HTMLSelectElement>(id);
    select.replaceChildren(...choices.map(([v, label]) => new Option(label, v, false, v === value)));
    select.value = value;
  }

  private draw(lang: Lang): void {
    const report = this.report;
    if (!report) return;
    $('findings').hidden = false;
    const s = report.stats;
    const counts = $('counts');
    counts.replaceChildren();
    for (const [cls, key, n] of [['error', 'errors', s.errors], ['warning', 'warnings', s.warnings], ['info', 'infos', s.infos]] as const) {
      const span = document.createElement('span');
      span.className = `count ${cls}`;
      span.textContent = `${t(key, lang)} ${n}`;
      counts.append(span);
    }
    const groups = $('groups');
    groups.replaceChildren();
    const shown = filterLines(this.lines, this.filter);
    if (!this.lines.length) groups.textContent = t('noFindings', lang);
    else if (!shown.length) groups.textContent = t('noneFiltered', lang);
    for (const g of groupFindings(shown, lang, DIAGNOSTICS)) {
      const box = document.createElement('details');
      box.className = `group ${g.severity}`;
      box.dataset.code = g.code;
      box.open = g.severity !== 'info';
      const head = document.createElement('summary');
      head.textContent = `${g.title}（${g.count}）`;
      box.append(head);
      for (const line of g.lines) box.append(this.lineElement(line, lang));
      groups.append(box);
    }
  }

  private lineElement(line: FindingLine, lang: Lang): HTMLElement {
    const el = document.createElement('div');
    el.className = 'finding';
    el.dataset.persons = line.persons.join('、');
    const at = document.createElement('span');
    at.className = 'at';
    if (!line.cells.length) at.textContent = t('sheetLevel', lang);
    for (const cell of line.cells) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'cell';
      b.textContent = cell;
      b.addEventListener('click', () => this.onSelect(cell));
      at.append(b);
    }
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = line.text;
    el.append(at, text);
    // The line itself goes to its first cell; each cell button to that cell.
    if (line.cells.length) el.addEventListener('click', (e) => {
      if (!(e.target as HTMLElement).closest('button.cell')) this.onSelect(line.cells[0]!);
    });
    return el;
  }
}
