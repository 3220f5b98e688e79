/**
 * How the ribbon's commands tell an open task pane what they did. The commands run in another
 * runtime (Excel's function file: a hidden page of the same origin), so the signal is the
 * add-in's own localStorage: both pages share it (Excel on the web partitions it per add-in —
 * keys are prefixed with `Office.context.partitionKey` where the library has it, as Microsoft
 * documents — and desktop Excel gives an add-in one storage for all its pages). The pane hears
 * the `storage` event, and also re-reads the key when it regains focus or every few seconds,
 * because a webview in another process may not deliver the event.
 */
export const LAST_OUTCOME_KEY = 'ledger-check.lastOutcome';

export interface RibbonOutcome {
  /** What ran: a check, a clear, either one that failed, or either one waiting for a cell edit to end. */
  kind: 'check' | 'clear' | 'failed' | 'waiting';
  text: string;
  /** ISO time, so the same outcome is not taken twice. */
  at: string;
}

/** The storage key, prefixed with Excel on the web's partition where there is one. */
export function outcomeKey(): string {
  const office = (globalThis as { Office?: { context?: { partitionKey?: string } } }).Office;
  const partition = office?.context?.partitionKey;
  return partition ? `${partition}${LAST_OUTCOME_KEY}` : LAST_OUTCOME_KEY;
}

/** Called by a ribbon command when it ends. Storage may be unavailable (private mode): then only the dialog tells. */
export function announce(outcome: Omit<RibbonOutcome, 'at'>, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(outcomeKey(), JSON.stringify({ ...outcome, at: new Date().toISOString() }));
  } catch {
    // nothing to do: the command still tells the person in its dialog
  }
}

function parse(raw: string | null): RibbonOutcome | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Partial<RibbonOutcome>;
    if (typeof o.text !== 'string') return null;
    // An outcome stored by an older version has no kind: read it as a check.
    return { kind: o.kind === 'clear' || o.kind === 'failed' || o.kind === 'waiting' ? o.kind : 'check', text: o.text, at: String(o.at ?? '') };
  } catch {
    return null;
  }
}

/**
 * Calls `heard` once for each new outcome a ribbon command announces while the pane is open.
 * @example const stop = listenToRibbon((o) => o.kind === 'check' && refresh());
 */
export function listenToRibbon(heard: (o: RibbonOutcome) => void, pollMs = 2000): () => void {
  let last = localStorage.getItem(outcomeKey());
  const look = () => {
    const now = localStorage.getItem(outcomeKey());
    if (now === last) return;
    last = now;
    const o = parse(now);
    if (o) heard(o);
  };
  const onStorage = (e: StorageEvent) => {
    if (e.key === outcomeKey()) look();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener('focus', look);
  document.addEventListener('visibilitychange', look);
  const timer = setInterval(look, pollMs);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener('focus', look);
    document.removeEventListener('visibilitychange', look);
    clearInterval(timer);
  };
}
