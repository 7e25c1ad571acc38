/** DATETIME, SMALLDATETIME, DATE, TIME, DATETIME2 and DATETIMEOFFSET wire encodings (all UTC here). */

const MS_PER_DAY = 86_400_000;
/** 1900-01-01T00:00:00Z: day 0 of DATETIME. */
const EPOCH_1900 = Date.UTC(1900, 0, 1);
/** 0001-01-01T00:00:00Z: day 0 of DATE/DATETIME2 (Date.UTC maps years 0..99 to 19xx, so it is a constant). */
const EPOCH_0001 = -62_135_596_800_000;

export function datetimeFromWire(days: number, ticks300: number): Date {
  return new Date(EPOCH_1900 + days * MS_PER_DAY + Math.round((ticks300 * 10) / 3));
}

export function datetimeToWire(d: Date): { days: number; ticks: number } {
  const ms = d.getTime() - EPOCH_1900;
  const days = Math.floor(ms / MS_PER_DAY);
  let ticks = Math.round(((ms - days * MS_PER_DAY) * 3) / 10);
  let dd = days;
  if (ticks >= 300 * 86_400) {
    ticks = 0;
    dd += 1;
  }
  return { days: dd, ticks };
}

export function smalldatetimeFromWire(days: number, minutes: number): Date {
  return new Date(EPOCH_1900 + days * MS_PER_DAY + minutes * 60_000);
}

export function smalldatetimeToWire(d: Date): { days: number; minutes: number } {
  const ms = d.getTime() - EPOCH_1900;
  const days = Math.floor(ms / MS_PER_DAY);
  return { days, minutes: Math.round((ms - days * MS_PER_DAY) / 60_000) };
}

/** Bytes the time part takes for a scale (0..7). */
export function timeLength(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

export function dateFromDays(days: number): Date {
  return new Date(EPOCH_0001 + days * MS_PER_DAY);
}

export function daysOf(d: Date): number {
  return Math.floor((d.getTime() - EPOCH_0001) / MS_PER_DAY);
}

/** Time of day in units of 10^-scale seconds → milliseconds. */
export function timeUnitsToMs(units: number, scale: number): number {
  return (units * 1000) / 10 ** scale;
}

/** Milliseconds of the UTC day of `d` in units of 10^-scale seconds. */
export function msToTimeUnits(d: Date, scale: number): number {
  const msOfDay = (((d.getTime() - EPOCH_0001) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  return Math.round((msOfDay * 10 ** scale) / 1000);
}
