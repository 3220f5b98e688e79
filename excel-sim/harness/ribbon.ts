/// <reference types="office-js" />
// The ribbon buttons as Excel runs them: the registered ExecuteFunction handler is called with
// an event whose `completed()` ends the command. The outcome is what the command left in
// localStorage (addin/outcome.ts), which Excel's task pane, a separate page, hears as a
// `storage` event; in this one page that event is dispatched by hand so the pane behaves alike.
import { LAST_OUTCOME_KEY } from '../../addin/outcome.js';
import type { CommandHandlers } from './boot.js';

export interface CommandResult {
  /** The outcome line the command stored, or null when it stored none. */
  outcome: string | null;
  /** False when `completed()` was not called (Excel would leave the button spinning). */
  completed: boolean;
  /** What the handler threw, if it did (an add-in bug: handlers catch their own failures). */
  error?: string;
}

/** Excel's limit for an ExecuteFunction command before it gives up on `completed()`. */
const COMPLETION_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Presses a ribbon button: runs its handler and waits for `event.completed()`.
 * @example const { outcome } = await pressCommand(handlers, 'checkLedger');
 */
export async function pressCommand(handlers: CommandHandlers, name: string): Promise<CommandResult> {
  const handler = handlers[name];
  if (!handler) throw new Error(`功能区命令 ${name} 未注册`);
  const before = localStorage.getItem(LAST_OUTCOME_KEY);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let error: string | undefined;
  const completed = await new Promise<boolean>((done) => {
    timer = setTimeout(() => done(false), COMPLETION_TIMEOUT_MS);
    const event = { source: { id: name }, completed: () => done(true) } as unknown as Office.AddinCommands.Event;
    Promise.resolve()
      .then(() => handler(event))
      .catch((e: unknown) => {
        error = e instanceof Error ? e.message : String(e);
        done(false);
      });
  });
  clearTimeout(timer);
  const after = localStorage.getItem(LAST_OUTCOME_KEY);
  if (after !== null && after !== before) window.dispatchEvent(new StorageEvent('storage', { key: LAST_OUTCOME_KEY, newValue: after, oldValue: before, storageArea: localStorage }));
  let outcome: string | null = null;
  try {
    outcome = after ? (JSON.parse(after) as { text: string }).text : null;
  } catch {
    outcome = after;
  }
  return { outcome: after === before ? null : outcome, completed, ...(error === undefined ? {} : { error }) };
}
