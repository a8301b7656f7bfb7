import { isPlainObject } from "./checks";
import type { Validator } from "./errors";

/**
 * When an environment is awake: outside these hours its services, workers and node groups sleep
 * (scale to zero or to their floor). Set once per layer in `Pulumi.<env>.yaml`:
 *
 * ```yaml
 * berth-workloads:awake:
 *   days: Mon-Fri
 *   from: "07:00"
 *   to: "20:00"
 *   timezone: Europe/Berlin
 * ```
 */
export interface AwakeSchedule {
  /**
   * The days the environment is awake: a range (`Mon-Fri`), a list (`Mon,Wed,Fri`) or both
   * (`Mon-Wed,Fri`), with three-letter English day names in any case. A range runs forward and
   * may not wrap past Sunday.
   */
  days: string;
  /** When it wakes on those days, `HH:MM` on a 24-hour clock in `timezone`. */
  from: string;
  /** When it goes to sleep on those days, `HH:MM`, later than `from` on the same day. */
  to: string;
  /**
   * The IANA time zone of `from` and `to` (`Europe/Berlin`, `America/New_York`, `UTC`): both
   * Application Auto Scaling and EC2 Auto Scaling take IANA names and follow daylight saving.
   */
  timezone: string;
}

/** A day of the week, as Application Auto Scaling's cron names it. */
export type Weekday = "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN";
/** The days of the week in order, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/** A time of day. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** An {@link AwakeSchedule} checked and parsed. */
export interface ResolvedAwakeSchedule {
  /** The awake days, Monday first, each once. */
  days: readonly Weekday[];
  from: TimeOfDay;
  to: TimeOfDay;
  timezone: string;
  /** Hours awake in a week. */
  awakeHoursPerWeek: number;
  /** The share of the week awake, from 0 to 1 (what a month of running costs is multiplied by). */
  awakeFraction: number;
}

const KNOWN_KEYS = ["days", "from", "to", "timezone"];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseDays(text: string): Weekday[] | undefined {
  const found = new Set<Weekday>();
  for (const part of text.split(",")) {
    const [a, b, ...rest] = part.trim().toUpperCase().split("-");
    if (rest.length > 0 || a === undefined) return undefined;
    const start = WEEKDAYS.indexOf(a as Weekday);
    const end = b === undefined ? start : WEEKDAYS.indexOf(b.trim() as Weekday);
    if (start < 0 || end < 0 || end < start) return undefined;
    for (let i = start; i <= end; i++) found.add(WEEKDAYS[i] as Weekday);
  }
  return WEEKDAYS.filter((d) => found.has(d));
}

/** True when `Intl` knows the time zone (every IANA zone and link, `UTC`, `Etc/GMT+9`). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value === "" || /^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks and parses an awake schedule, recording every problem on `v` under `path`. Returns the
 * resolved schedule, or `undefined` when the value is absent or has an issue.
 */
export function resolveAwakeSchedule(
  v: Validator,
  path: string,
  value: unknown,
): ResolvedAwakeSchedule | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    v.check(false, path, value, "an object with days, from, to and timezone");
    return undefined;
  }
  const before = v.issues.length;
  v.knownKeys(path, value, KNOWN_KEYS);
  const { days, from, to, timezone } = value;
  const dayList = typeof days === "string" ? parseDays(days) : undefined;
  v.check(
    dayList !== undefined && dayList.length > 0,
    `${path}.days`,
    days,
    "days of the week as a range (Mon-Fri), a list (Mon,Wed,Fri) or both (Mon-Wed,Fri)",
  );
  const parse = (field: string, t: unknown): TimeOfDay | undefined => {
    const m = typeof t === "string" ? TIME.exec(t) : null;
    v.check(m !== null, `${path}.${field}`, t, 'a time of day "HH:MM" on a 24-hour clock (quote it in YAML)');
    return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
  };
  const fromTime = parse("from", from);
  const toTime = parse("to", to);
  if (fromTime && toTime) {
    v.check(
      toTime.hour * 60 + toTime.minute > fromTime.hour * 60 + fromTime.minute,
      `${path}.to`,
      to,
      `a time later than from (${String(from)}) on the same day`,
    );
  }
  v.check(
    isTimeZone(timezone),
    `${path}.timezone`,
    timezone,
    "an IANA time zone name such as Europe/Berlin, America/New_York or UTC",
  );
  if (v.issues.length > before || !dayList || !fromTime || !toTime) return undefined;
  const hoursPerDay = (toTime.hour * 60 + toTime.minute - fromTime.hour * 60 - fromTime.minute) / 60;
  const awakeHoursPerWeek = hoursPerDay * dayList.length;
  return {
    days: dayList,
    from: fromTime,
    to: toTime,
    timezone: timezone as string,
    awakeHoursPerWeek,
    awakeFraction: awakeHoursPerWeek / (7 * 24),
  };
}

function dayField(days: readonly Weekday[], names: (d: Weekday) => string): string {
  return days.map(names).join(",");
}

/**
 * The Application Auto Scaling schedule (`ScheduledAction.schedule`) that fires at `time` on
 * `days`: `cron(0 7 ? * MON,TUE,WED,THU,FRI *)`. Application Auto Scaling's cron has six fields,
 * `[Minutes] [Hours] [Day_of_Month] [Month] [Day_of_Week] [Year]`, and one of day-of-month and
 * day-of-week must be `?` (Application Auto Scaling user guide, "Schedule recurring scaling
 * actions using Application Auto Scaling"; EventBridge cron expressions reference). The time zone
 * goes in the action's `timezone`.
 */
export function applicationAutoScalingCron(time: TimeOfDay, days: readonly Weekday[]): string {
  return `cron(${time.minute} ${time.hour} ? * ${dayField(days, (d) => d)} *)`;
}

/**
 * The EC2 Auto Scaling recurrence (`autoscaling.Schedule.recurrence`) that fires at `time` on
 * `days`: `0 7 * * 1,2,3,4,5`. EC2 Auto Scaling takes Unix cron, five fields
 * `[Minute] [Hour] [Day_of_Month] [Month_of_Year] [Day_of_Week]` with Sunday 0 (EC2 Auto Scaling
 * API reference, ScheduledUpdateGroupActionRequest `Recurrence`); the time zone goes in the
 * action's `timeZone`.
 */
export function autoScalingRecurrence(time: TimeOfDay, days: readonly Weekday[]): string {
  return `${time.minute} ${time.hour} * * ${dayField(days, (d) => String((WEEKDAYS.indexOf(d) + 1) % 7))}`;
}

/** One scheduled scaling action of a sleep schedule: go to sleep, or wake up. */
export type SleepPhase = "sleep" | "wake";

/** The capacity a scalable thing keeps while awake, and the floor it sleeps at. */
export interface SleepBounds {
  /** The minimum while awake (restored on waking). */
  min: number;
  /** The maximum while awake (restored on waking). */
  max: number;
  /**
   * What it keeps while asleep: both bounds are set to this.
   * @default 0
   */
  floor?: number;
}

/** An Application Auto Scaling scheduled action of a sleep schedule (`aws.appautoscaling.ScheduledAction`). */
export interface ScalableTargetSleepAction {
  phase: SleepPhase;
  /** `cron(...)` in Application Auto Scaling's six-field dialect. */
  schedule: string;
  timezone: string;
  minCapacity: number;
  maxCapacity: number;
}

/**
 * The two Application Auto Scaling scheduled actions that put a scalable target (an ECS service's
 * desired count) to sleep at `to` and wake it at `from` on the awake days. Waking restores the
 * awake bounds; autoscaling then takes over within them. At the scheduled time Application Auto
 * Scaling scales out to a new minimum or in to a new maximum (AWS::ApplicationAutoScaling
 * ScalableTarget ScheduledAction, ScalableTargetAction).
 */
export function scalableTargetSleepActions(
  awake: ResolvedAwakeSchedule,
  bounds: SleepBounds,
): ScalableTargetSleepAction[] {
  const floor = bounds.floor ?? 0;
  return [
    {
      phase: "sleep",
      schedule: applicationAutoScalingCron(awake.to, awake.days),
      timezone: awake.timezone,
      minCapacity: floor,
      maxCapacity: floor,
    },
    {
      phase: "wake",
      schedule: applicationAutoScalingCron(awake.from, awake.days),
      timezone: awake.timezone,
      minCapacity: bounds.min,
      maxCapacity: bounds.max,
    },
  ];
}

/** An EC2 Auto Scaling scheduled action of a sleep schedule (`aws.autoscaling.Schedule`). */
export interface AutoScalingGroupSleepAction {
  phase: SleepPhase;
  /** Five-field Unix cron. */
  recurrence: string;
  timeZone: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
}

/**
 * The two EC2 Auto Scaling scheduled actions that put an Auto Scaling group to sleep at `to` (its
 * floor, 0 by default) and wake it at `from` (its awake minimum as the desired capacity; scaling
 * policies and capacity providers take over from there).
 */
export function autoScalingGroupSleepActions(
  awake: ResolvedAwakeSchedule,
  bounds: SleepBounds,
): AutoScalingGroupSleepAction[] {
  const floor = bounds.floor ?? 0;
  return [
    {
      phase: "sleep",
      recurrence: autoScalingRecurrence(awake.to, awake.days),
      timeZone: awake.timezone,
      minSize: floor,
      maxSize: floor,
      desiredCapacity: floor,
    },
    {
      phase: "wake",
      recurrence: autoScalingRecurrence(awake.from, awake.days),
      timeZone: awake.timezone,
      minSize: bounds.min,
      maxSize: bounds.max,
      desiredCapacity: bounds.min,
    },
  ];
}
