/**
 * A token as typed, as the server knows it: a token is one word (lc_ and base64url), so the
 * spaces and line breaks a chat app or an e-mail put into a pasted one go (full-width ones from a
 * Chinese input method too), and a "Bearer " copied along from a curl line. The task pane's
 * settings and the county pages' sign-in read it alike.
 * @example tokenOf('Bearer lc_AbC\n dEf') === 'lc_AbCdEf'
 */
export function tokenOf(typed: string): string {
  return typed.trim().replace(/^Bearer\s+/i, '').replace(/\s+/g, '');
}
