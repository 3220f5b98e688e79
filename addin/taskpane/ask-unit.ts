import { $ } from './dom.js';

/**
 * Asks in the pane whether to submit a ledger for a unit other than the one it states (Office
 * add-ins have no window.confirm), and resolves with the person's answer: the county's uploads
 * and a unit's 报送本表 ask alike (SPEC 12.1).
 */
export function askUnit(question: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    $('confirmText').textContent = question;
    const dialog = $('confirmUnit');
    dialog.hidden = false;
    dialog.scrollIntoView?.({ block: 'nearest' });
    const answer = (yes: boolean) => () => {
      dialog.hidden = true;
      resolve(yes);
    };
    $('confirmYes').onclick = answer(true);
    $('confirmNo').onclick = answer(false);
  });
}
