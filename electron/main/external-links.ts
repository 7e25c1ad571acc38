/**
 * Which links may leave the app for the system browser: http(s) only, no credentials in the URL. Anything
 * else a page asks to open (file:, javascript:, custom schemes that launch programs) is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '' && u.hostname !== '';
}
