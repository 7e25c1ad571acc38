/** TDS protocol versions as tedious knows them; LOGINACK must echo one of these exactly. */
export const TdsVersion = {
  V7_1: 0x71000001,
  V7_2: 0x72090002,
  V7_3A: 0x730a0003,
  V7_3B: 0x730b0003,
  V7_4: 0x74000004,
} as const;

/**
 * The version to acknowledge for what the client asked: the highest known one not above it, or null when
 * the client is older than 7.2 (token layouts differ before 7.2 and are not implemented).
 */
export function negotiateVersion(client: number): number | null {
  const known = [TdsVersion.V7_4, TdsVersion.V7_3B, TdsVersion.V7_3A, TdsVersion.V7_2];
  // Compare by the leading byte pair: 0x74 > 0x73 > 0x72; unknown newer versions get 7.4.
  const major = client >>> 24;
  if (major > 0x74) return TdsVersion.V7_4;
  for (const v of known) if (client >>> 0 >= v >>> 0) return v;
  if (major === 0x73) return TdsVersion.V7_3A;
  if (major === 0x72) return TdsVersion.V7_2;
  return null;
}
