/**
 * Scrubs secrets from a log line before it reaches the file: the values the app registered as secret (the host
 * token, session passwords) wherever they appear, and anything that looks like `token=`, `password=`,
 * `pwd=` or a connection string's `Password=...;` whatever the value.
 */
const KEYED = /\b(token|password|passwd|pwd|secret|sa[-_ ]?password)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s;&,"']+)/gi;

export const REDACTED = '«redacted»';

export function redact(line: string, secrets: Iterable<string>): string {
  let out = line;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; the app's secrets are long (tokens) or passwords.
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEYED, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
}
