import { type ResolvedAwakeSchedule, WEEKDAYS } from "@berth/core";

/**
 * One field of a Scheduler cron expression: its range and the wildcards it takes (EventBridge
 * Scheduler user guide, "Schedule types", cron-based schedules: Minutes 0-59 `, - * /`; Hours 0-23
 * `, - * /`; Day-of-month 1-31 `, - * ? / L W`; Month 1-12 or JAN-DEC `, - * /`; Day-of-week 1-7
 * or SUN-SAT `, - * ? L #`; Year 1970-2199 `, - * /`).
 */
interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
  last?: boolean;
  weekday?: boolean;
  nth?: boolean;
  step?: boolean;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, step: true },
  { name: "hours", min: 0, max: 23, step: true },
  { name: "day-of-month", min: 1, max: 31, question: true, last: true, weekday: true, step: true },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    step: true,
  },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    question: true,
    last: true,
    nth: true,
  },
  { name: "year", min: 1970, max: 2199, step: true },
];

/** Why one cron field is wrong, or `undefined` when it is right. */
function cronFieldProblem(field: CronField, text: string): string | undefined {
  const value = (token: string): number | undefined => {
    const upper = token.toUpperCase();
    const named = field.names?.indexOf(upper) ?? -1;
    if (named >= 0) return named + field.min;
    if (!/^\d+$/.test(token)) return undefined;
    const n = Number(token);
    return n >= field.min && n <= field.max ? n : undefined;
  };
  if (text === "?") return field.question ? undefined : `? is allowed only in day-of-month and day-of-week`;
  for (const part of text.split(",")) {
    if (part === "*") continue;
    if (field.last && (part === "L" || (field.name === "day-of-month" && part === "LW"))) continue;
    if (field.weekday && /^\d+W$/.test(part) && value(part.slice(0, -1)) !== undefined) continue;
    if (
      field.last &&
      field.name === "day-of-week" &&
      /^\w+L$/.test(part) &&
      value(part.slice(0, -1)) !== undefined
    )
      continue;
    if (field.nth && /^\w+#[1-5]$/.test(part) && value(part.split("#")[0] as string) !== undefined) continue;
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || range === undefined) return `"${part}" is not a value, range or step`;
    if (step !== undefined && (!field.step || !/^\d+$/.test(step) || Number(step) < 1))
      return `"${part}" has no valid step for ${field.name}`;
    if (range === "*") continue;
    const [from, to, more] = range.split("-");
    if (
      more !== undefined ||
      from === undefined ||
      value(from) === undefined ||
      (to !== undefined && value(to) === undefined)
    )
      return `"${part}" is outside ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names[field.names.length - 1]})` : ""}`;
  }
  return undefined;
}

/**
 * Checks an EventBridge Scheduler expression fully: `rate(<n> <unit>)` with `n` above zero,
 * `cron(<6 fields>)` with each field in range and exactly one of day-of-month and day-of-week a
 * `?`, and `at(yyyy-mm-ddThh:mm:ss)` naming a real date and time.
 */
export function scheduleProblem(schedule: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (rate) return Number(rate[1]) > 0 ? undefined : "a rate above zero";
  const at = /^at\((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\)$/.exec(schedule);
  if (at) {
    const [y, mo, d, h, mi, se] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    const real =
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d &&
      date.getUTCHours() === h &&
      date.getUTCMinutes() === mi &&
      date.getUTCSeconds() === se;
    return real ? undefined : "an at() date and time that exists";
  }
  const cron = /^cron\((.*)\)$/.exec(schedule);
  if (!cron) return "cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)";
  const fields = (cron[1] as string).trim().split(/\s+/);
  if (fields.length !== 6)
    return `6 cron fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  for (const [i, f] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(f, fields[i] as string);
    if (problem) return `a valid ${f.name} field: ${problem}`;
  }
  if ((fields[2] === "?") === (fields[4] === "?"))
    return "? in exactly one of day-of-month and day-of-week (they cannot both be set or both be ?)";
  return undefined;
}

/** Every value a minutes or hours field of a valid cron matches (`*`, lists, ranges, steps). */
function expandNumbers(text: string, min: number, max: number): number[] {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const [range = "*", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    const [a, b] = range === "*" ? [String(min), String(max)] : range.split("-");
    const start = Number(a);
    // A single value with a step (`5/15`) runs from the value to the field's end.
    const end = b !== undefined ? Number(b) : stepText !== undefined ? max : start;
    const span = end >= start ? end - start : end + (max - min + 1) - start;
    for (let i = 0; i <= span; i += step) out.add(((start - min + i) % (max - min + 1)) + min);
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * The weekdays a valid Scheduler cron may run on: its day-of-week field (`SUN`=1 … `SAT`=7, `L`,
 * `5L`, `MON#2` count as their weekday), or every day when it is `?` (a day of the month falls on
 * every weekday over the years).
 */
function cronWeekdays(text: string): Set<string> {
  if (text === "?" || text === "*") return new Set(WEEKDAYS);
  const names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
  const num = (t: string) => {
    const i = names.indexOf(t.toUpperCase());
    return i >= 0 ? i + 1 : Number(t);
  };
  const out = new Set<string>();
  for (const part of text.split(",")) {
    if (part === "L") {
      out.add("SAT");
      continue;
    }
    const base = part.replace(/L$/, "").split("#")[0] as string;
    const [range = "*", stepText] = base.split("/");
    const [a, b] = range === "*" ? ["1", "7"] : range.split("-");
    const start = num(a as string);
    const end = b !== undefined ? num(b) : stepText !== undefined ? 7 : start;
    const step = stepText === undefined ? 1 : Number(stepText);
    const span = end >= start ? end - start : end + 7 - start;
    for (let i = 0; i <= span; i += step) out.add(names[(start - 1 + i) % 7] as string);
  }
  return out;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * Why a valid Scheduler expression runs outside the awake hours, or `undefined` when every run
 * (and the flexible window after it) falls inside `[from, to)` on an awake day. The expression's
 * time zone must be the schedule's (checked by the caller).
 */
export function asleepRunProblem(
  schedule: string,
  awake: ResolvedAwakeSchedule,
  flexibleWindowMinutes = 0,
): string | undefined {
  const from = awake.from.hour * 60 + awake.from.minute;
  const to = awake.to.hour * 60 + awake.to.minute;
  const window = `${awake.days.join(",")} ${hhmm(from)}-${hhmm(to)}`;
  const inside = (day: string, minute: number) =>
    awake.days.includes(day as (typeof WEEKDAYS)[number]) &&
    minute >= from &&
    minute + flexibleWindowMinutes < to;
  const flex = flexibleWindowMinutes ? ` (with the ${flexibleWindowMinutes}-minute flexible window)` : "";
  if (schedule.startsWith("rate(")) {
    return `a cron() inside the awake hours (${window}): a rate() runs around the clock`;
  }
  const at = /^at\((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(schedule);
  if (at) {
    const [y, mo, d, h, mi] = at.slice(1).map(Number) as [number, number, number, number, number];
    const day = WEEKDAYS[(new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7] as string;
    return inside(day, h * 60 + mi)
      ? undefined
      : `a time inside the awake hours (${window})${flex}: it runs on ${day} at ${hhmm(h * 60 + mi)}`;
  }
  const fields = (/^cron\((.*)\)$/.exec(schedule)?.[1] ?? "").trim().split(/\s+/);
  const minutes = expandNumbers(fields[0] as string, 0, 59);
  const hours = expandNumbers(fields[1] as string, 0, 23);
  for (const day of WEEKDAYS.filter((d) => cronWeekdays(fields[4] as string).has(d))) {
    for (const h of hours) {
      for (const m of minutes) {
        if (!inside(day, h * 60 + m))
          return `runs inside the awake hours (${window})${flex} only: it runs on ${day} at ${hhmm(h * 60 + m)}`;
      }
    }
  }
  return undefined;
}
