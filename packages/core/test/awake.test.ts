import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applicationAutoScalingCron,
  autoScalingGroupSleepActions,
  autoScalingRecurrence,
  isTimeZone,
  resolveAwakeSchedule,
  scalableTargetSleepActions,
  Validator,
  WEEKDAYS,
} from "../src";

const resolve = (value: unknown) => {
  const v = new Validator("berth:test:Thing", "t");
  const resolved = resolveAwakeSchedule(v, "awake", value);
  return { resolved, issues: v.issues };
};

describe("resolveAwakeSchedule", () => {
  it("parses days, times and the time zone, and counts the awake hours", () => {
    const { resolved, issues } = resolve({
      days: "Mon-Fri",
      from: "07:00",
      to: "20:00",
      timezone: "Europe/Berlin",
    });
    expect(issues).toEqual([]);
    expect(resolved).toEqual({
      days: ["MON", "TUE", "WED", "THU", "FRI"],
      from: { hour: 7, minute: 0 },
      to: { hour: 20, minute: 0 },
      timezone: "Europe/Berlin",
      awakeHoursPerWeek: 65,
      awakeFraction: 65 / 168,
    });
    expect(
      resolve({ days: "fri, mon-tue,MON", from: "08:30", to: "09:00", timezone: "UTC" }).resolved,
    ).toMatchObject({
      days: ["MON", "TUE", "FRI"],
      awakeHoursPerWeek: 1.5,
    });
  });

  it("names every bad field, the value and what is allowed", () => {
    expect(
      resolve({ days: "Fri-Mon", from: "7:00", to: "06:00", timezone: "Mars/Olympus", dayz: 1 }).issues,
    ).toEqual([
      { path: "awake.dayz", value: 1, allowed: "no such property", hint: 'did you mean "days"?' },
      {
        path: "awake.days",
        value: "Fri-Mon",
        allowed: "days of the week as a range (Mon-Fri), a list (Mon,Wed,Fri) or both (Mon-Wed,Fri)",
      },
      {
        path: "awake.from",
        value: "7:00",
        allowed: 'a time of day "HH:MM" on a 24-hour clock (quote it in YAML)',
      },
      {
        path: "awake.timezone",
        value: "Mars/Olympus",
        allowed: "an IANA time zone name such as Europe/Berlin, America/New_York or UTC",
      },
    ]);
    expect(resolve({ days: "Mon", from: "20:00", to: "07:00", timezone: "UTC" }).issues).toEqual([
      { path: "awake.to", value: "07:00", allowed: "a time later than from (20:00) on the same day" },
    ]);
    // YAML reads an unquoted 07:00 as a sexagesimal number in YAML 1.1 tools, or a string in 1.2.
    expect(resolve({ days: "Mon", from: 420, to: "20:00", timezone: "UTC" }).issues[0]?.path).toBe(
      "awake.from",
    );
    expect(resolve("Mon-Fri 7-20").issues).toEqual([
      { path: "awake", value: "Mon-Fri 7-20", allowed: "an object with days, from, to and timezone" },
    ]);
    expect(resolve(undefined)).toEqual({ resolved: undefined, issues: [] });
  });

  it("knows time zones the way Intl does", () => {
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Etc/GMT+9")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("+01:00")).toBe(false);
    expect(isTimeZone("Europe/Berlln")).toBe(false);
  });

  it("awake hours are days times the daily window, never above a week (property)", () => {
    const time = fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) });
    const fmt = (t: { h: number; m: number }) =>
      `${String(t.h).padStart(2, "0")}:${String(t.m).padStart(2, "0")}`;
    fc.assert(
      fc.property(fc.subarray([...WEEKDAYS], { minLength: 1 }), time, time, (days, a, b) => {
        const [lo, hi] = a.h * 60 + a.m <= b.h * 60 + b.m ? [a, b] : [b, a];
        const r = resolve({ days: days.join(","), from: fmt(lo), to: fmt(hi), timezone: "UTC" });
        if (lo.h * 60 + lo.m === hi.h * 60 + hi.m) {
          expect(r.resolved).toBeUndefined();
          return;
        }
        expect(r.resolved?.awakeHoursPerWeek).toBeCloseTo(
          (days.length * (hi.h * 60 + hi.m - lo.h * 60 - lo.m)) / 60,
        );
        expect(r.resolved?.awakeFraction).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("schedule expressions", () => {
  it("Application Auto Scaling: six-field cron with ? for the day of month", () => {
    expect(applicationAutoScalingCron({ hour: 7, minute: 0 }, ["MON", "TUE", "WED", "THU", "FRI"])).toBe(
      "cron(0 7 ? * MON,TUE,WED,THU,FRI *)",
    );
  });
  it("EC2 Auto Scaling: five-field Unix cron, Sunday 0", () => {
    expect(autoScalingRecurrence({ hour: 20, minute: 30 }, ["MON", "FRI", "SUN"])).toBe("30 20 * * 1,5,0");
  });
});

describe("sleep actions", () => {
  const v = new Validator("berth:test:Thing", "t");
  const awake = resolveAwakeSchedule(v, "awake", {
    days: "Mon-Fri",
    from: "07:00",
    to: "20:30",
    timezone: "Europe/Berlin",
  });
  if (!awake) throw new Error("fixture");

  it("a scalable target sleeps at zero after work and wakes to its bounds", () => {
    expect(scalableTargetSleepActions(awake, { min: 2, max: 10 })).toEqual([
      {
        phase: "sleep",
        schedule: "cron(30 20 ? * MON,TUE,WED,THU,FRI *)",
        timezone: "Europe/Berlin",
        minCapacity: 0,
        maxCapacity: 0,
      },
      {
        phase: "wake",
        schedule: "cron(0 7 ? * MON,TUE,WED,THU,FRI *)",
        timezone: "Europe/Berlin",
        minCapacity: 2,
        maxCapacity: 10,
      },
    ]);
  });

  it("an Auto Scaling group sleeps at its floor and wakes at its minimum", () => {
    expect(autoScalingGroupSleepActions(awake, { min: 1, max: 6, floor: 1 })).toEqual([
      {
        phase: "sleep",
        recurrence: "30 20 * * 1,2,3,4,5",
        timeZone: "Europe/Berlin",
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
      },
      {
        phase: "wake",
        recurrence: "0 7 * * 1,2,3,4,5",
        timeZone: "Europe/Berlin",
        minSize: 1,
        maxSize: 6,
        desiredCapacity: 1,
      },
    ]);
  });
});
