/// <reference types="office-js" />
// Starting the harness as Excel starts an add-in: the simulated host plays `window.external`
// before Microsoft's office.js loads, the ribbon commands bundle registers its functions (kept
// here, since only Excel has `Office.actions`), and the task pane's own page (markup, styles,
// bundle) is mounted in a side panel of this document, exactly as built into dist/addin.
import type { SimulatedExcel } from '../host/simulated-excel.js';

/** The ribbon's ExecuteFunction handlers by name, as `Office.actions.associate` received them. */
export type CommandHandlers = Record<string, (event: Office.AddinCommands.Event) => Promise<void> | void>;

function loadScript(src: string): Promise<void> {
  return new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => ok();
    script.onerror = () => fail(new Error(`无法加载 ${src}`));
    document.head.append(script);
  });
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`无法加载 ${url}（${res.status}）`);
  return res.text();
}

/**
 * Installs the simulated Excel and loads office.js from this origin. `?excelApi=1.9` in the
 * page's address makes it an older Excel (default: the current level, 1.20) (what `isSetSupported` answers from).
 * @example const host = await bootHost(); host.load(snapshot);
 */
export async function bootHost(): Promise<SimulatedExcel> {
  const api = window.SimulatedExcel;
  if (!api) throw new Error('simulated-excel.js 未加载');
  // Kept as written: "1.20" is a level, the number 1.20 would be 1.2.
  const excelApi = new URLSearchParams(location.search).get('excelApi');
  const host = api.install(excelApi ? { supported: { ExcelApi: excelApi } } : {});
  await loadScript('office/office.js');
  const info = await Office.onReady();
  if (String(info.host) !== 'Excel') throw new Error(`office.js 未识别模拟的 Excel（${JSON.stringify(info)}）`);
  return host;
}

/**
 * Loads commands.js and returns what it registers. Waits for both ribbon functions, so a
 * button is never pressed before its handler exists.
 */
export async function loadCommands(expected: readonly string[]): Promise<CommandHandlers> {
  const handlers: CommandHandlers = {};
  const all = new Promise<void>((ok) => {
    (Office as unknown as { actions: Pick<typeof Office.actions, 'associate'> }).actions = {
      associate(name: string, fn: (event: Office.AddinCommands.Event) => Promise<void> | void) {
        handlers[name] = fn;
        if (expected.every((n) => handlers[n])) ok();
      },
    };
  });
  await loadScript('commands.js');
  await all;
  return handlers;
}

/**
 * Mounts the task pane in `panel`: its page's body, its stylesheet confined to the panel with
 * `@scope` (it styles `body`, `h1`, `header` for a page of its own), then its bundle.
 */
export async function mountPane(panel: HTMLElement): Promise<void> {
  const [html, css] = await Promise.all([fetchText('taskpane.html'), fetchText('taskpane.css')]);
  const doc = new DOMParser().parseFromString(html, 'text/html');
  panel.replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
  const style = document.createElement('style');
  style.textContent = `@scope (#${panel.id}) { ${css.replace(/^body\s*\{/m, ':scope {')} }`;
  document.head.append(style);
  await loadScript('taskpane.js');
}
