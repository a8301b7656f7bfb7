/**
 * Checks of the JSON documents AWS parses inside string inputs (IAM policies, EventBridge
 * patterns, ECS container definitions, ECR lifecycle policies, SQS redrive policies) and of
 * schedule expressions. Each rule cites the AWS reference it comes from.
 */
import { isConditionOperator, isTimeZone } from "@berth/core";
import { arn, intIn, isRecord, oneOf, str } from "./rules";
import type { Check, Finding } from "./types";

/** Parses a JSON string input (an object input is taken as already parsed); reports bad JSON. */
export function json(inner: Check, what: string): Check {
  return (v, path, out) => {
    let doc: unknown = v;
    if (typeof v === "string") {
      try {
        doc = JSON.parse(v);
      } catch {
        out.push({ path, value: v.length > 80 ? `${v.slice(0, 77)}...` : v, rule: `valid JSON (${what})` });
        return;
      }
    }
    inner(doc, path, out);
  };
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

// --- IAM policy documents -------------------------------------------------------------------

/** IAM User Guide, "Grammar of the IAM JSON policy language": `<action_string> = ("*" | <service>:<action>)`. */
const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const SID = /^[A-Za-z0-9]*$/;
const PRINCIPAL_KEYS = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);

/**
 * An IAM policy document (IAM User Guide, "IAM JSON policy element reference" and "Grammar of
 * the IAM JSON policy language"): Version 2012-10-17 or 2008-10-17, one or more statements, each
 * with Effect Allow|Deny, exactly one of Action/NotAction of `service:Action` shape, known
 * condition operators, and Resource an ARN or `*` (identity policies must name resources;
 * resource and trust policies must name a Principal).
 */
export function iamPolicy(kind: "identity" | "resource" | "trust"): Check {
  return json((doc, path, out) => {
    if (!isRecord(doc)) {
      out.push({ path, value: doc, rule: "a JSON object with Version and Statement" });
      return;
    }
    for (const k of Object.keys(doc))
      if (!["Version", "Id", "Statement"].includes(k))
        out.push({ path: `${path}.${k}`, value: k, rule: "a policy element: Version, Id or Statement" });
    if (doc["Version"] !== undefined && doc["Version"] !== "2012-10-17" && doc["Version"] !== "2008-10-17")
      out.push({
        path: `${path}.Version`,
        value: doc["Version"],
        rule: 'Version "2012-10-17" (or "2008-10-17")',
      });
    const statements = asList(doc["Statement"]);
    if (statements.length === 0)
      out.push({ path: `${path}.Statement`, value: doc["Statement"], rule: "at least one statement" });
    statements.forEach((s, i) => {
      const at = `${path}.Statement[${i}]`;
      if (!isRecord(s)) {
        out.push({ path: at, value: s, rule: "a statement object" });
        return;
      }
      for (const k of Object.keys(s))
        if (!STATEMENT_KEYS.has(k))
          out.push({
            path: `${at}.${k}`,
            value: k,
            rule: `a statement element: ${[...STATEMENT_KEYS].join(", ")}`,
          });
      if (s["Sid"] !== undefined && (typeof s["Sid"] !== "string" || !SID.test(s["Sid"])))
        out.push({ path: `${at}.Sid`, value: s["Sid"], rule: "a Sid of letters and digits only" });
      if (s["Effect"] !== "Allow" && s["Effect"] !== "Deny")
        out.push({ path: `${at}.Effect`, value: s["Effect"], rule: 'Effect "Allow" or "Deny"' });
      const hasAction = s["Action"] !== undefined;
      if (hasAction === (s["NotAction"] !== undefined))
        out.push({ path: `${at}.Action`, value: s["Action"], rule: "exactly one of Action or NotAction" });
      for (const key of ["Action", "NotAction"]) {
        const list = asList(s[key]);
        if (s[key] !== undefined && list.length === 0)
          out.push({ path: `${at}.${key}`, value: [], rule: "at least one action" });
        list.forEach((a, j) => {
          if (typeof a !== "string" || !ACTION.test(a))
            out.push({
              path: `${at}.${key}[${j}]`,
              value: a,
              rule: 'an action "*" or "service:Action" (wildcards * and ? allowed)',
            });
        });
      }
      const hasResource = s["Resource"] !== undefined || s["NotResource"] !== undefined;
      if (kind === "identity" && !hasResource)
        out.push({
          path: `${at}.Resource`,
          value: undefined,
          rule: "Resource or NotResource in an identity policy",
        });
      for (const key of ["Resource", "NotResource"])
        asList(s[key]).forEach((r, j) => {
          if (typeof r !== "string" || !(r === "*" || r.startsWith("arn:") || r.startsWith("${")))
            out.push({
              path: `${at}.${key}[${j}]`,
              value: r,
              rule: 'a resource "*" or an ARN (arn:partition:service:…)',
            });
        });
      const hasPrincipal = s["Principal"] !== undefined || s["NotPrincipal"] !== undefined;
      if (kind !== "identity" && !hasPrincipal)
        out.push({ path: `${at}.Principal`, value: undefined, rule: `a Principal in a ${kind} policy` });
      if (kind === "identity" && hasPrincipal)
        out.push({
          path: `${at}.Principal`,
          value: s["Principal"],
          rule: "no Principal in an identity policy",
        });
      for (const key of ["Principal", "NotPrincipal"]) {
        const p = s[key];
        if (p === undefined || p === "*") continue;
        if (!isRecord(p))
          out.push({
            path: `${at}.${key}`,
            value: p,
            rule: 'a Principal "*" or { AWS | Service | Federated | CanonicalUser: … }',
          });
        else
          for (const k of Object.keys(p))
            if (!PRINCIPAL_KEYS.has(k))
              out.push({
                path: `${at}.${key}.${k}`,
                value: k,
                rule: "a principal type: AWS, Service, Federated or CanonicalUser",
              });
      }
      const cond = s["Condition"];
      if (cond !== undefined) {
        if (!isRecord(cond))
          out.push({
            path: `${at}.Condition`,
            value: cond,
            rule: "a Condition object { operator: { key: values } }",
          });
        else
          for (const [op, block] of Object.entries(cond)) {
            if (!isConditionOperator(op))
              out.push({
                path: `${at}.Condition.${op}`,
                value: op,
                rule: "a condition operator that exists (StringEquals, ArnLike, Bool, … with optional IfExists, ForAllValues:/ForAnyValue:)",
              });
            if (!isRecord(block))
              out.push({
                path: `${at}.Condition.${op}`,
                value: block,
                rule: "a map of condition keys to values",
              });
          }
      }
    });
  }, "an IAM policy document");
}

// --- EventBridge event patterns ---------------------------------------------------------------

/** EventBridge User Guide, "Content filtering in Amazon EventBridge event patterns". */
const MATCHERS = new Set([
  "prefix",
  "suffix",
  "anything-but",
  "numeric",
  "exists",
  "cidr",
  "equals-ignore-case",
  "wildcard",
]);

/**
 * An EventBridge event pattern (EventBridge User Guide, "Event patterns"): a JSON object whose
 * leaf values are arrays ("match values are always in arrays"), of strings, numbers, booleans,
 * null or content-filter objects (prefix, suffix, anything-but, numeric, exists, cidr,
 * equals-ignore-case, wildcard).
 */
export const eventPattern: Check = json((doc, path, out) => {
  if (!isRecord(doc) || Object.keys(doc).length === 0) {
    out.push({ path, value: doc, rule: "a non-empty JSON object" });
    return;
  }
  const walk = (node: Record<string, unknown>, at: string) => {
    for (const [k, v] of Object.entries(node)) {
      const p = `${at}.${k}`;
      if (k === "$or" && Array.isArray(v)) {
        for (const [i, x] of v.entries()) {
          if (isRecord(x)) walk(x, `${p}[${i}]`);
          else out.push({ path: `${p}[${i}]`, value: x, rule: "a pattern object inside $or" });
        }
      } else if (Array.isArray(v)) {
        v.forEach((m, i) => {
          if (isRecord(m)) {
            const keys = Object.keys(m);
            if (keys.length !== 1 || !MATCHERS.has(keys[0] as string))
              out.push({
                path: `${p}[${i}]`,
                value: m,
                rule: `a content filter with one of ${[...MATCHERS].join(", ")}`,
              });
          } else if (Array.isArray(m))
            out.push({
              path: `${p}[${i}]`,
              value: m,
              rule: "a value or a content filter, not a nested list",
            });
        });
      } else if (isRecord(v)) walk(v, p);
      else
        out.push({
          path: p,
          value: v,
          rule: "an array of match values (leaf values of an event pattern are arrays)",
        });
    }
  };
  walk(doc, path);
}, "an EventBridge event pattern");

// --- Schedule expressions ---------------------------------------------------------------------

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
// One cron field: values, ranges, lists, increments and the wildcards of each position.
const CRON_FIELD = [
  /^(\*|[0-5]?\d([-,][0-5]?\d)*)(\/\d+)?$/, // minutes 0-59
  /^(\*|(1?\d|2[0-3])([-,](1?\d|2[0-3]))*)(\/\d+)?$/, // hours 0-23
  /^(\*|\?|L|LW|\d{1,2}W|([1-9]|[12]\d|3[01])([-,]([1-9]|[12]\d|3[01]))*)(\/\d+)?$/, // day of month
  /^(\*|((1[0-2]|[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([-,](1[0-2]|[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*))(\/\d+)?$/i, // month
  /^(\*|\?|L|[1-7]L|[1-7]#[1-5]|(([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)([-,]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*))(\/\d+)?$/i, // day of week
  /^(\*|(19[7-9]\d|2[01]\d\d)([-,](19[7-9]\d|2[01]\d\d))*)(\/\d+)?$/, // year 1970-2199
];

function checkCron(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    return `six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  for (const [i, f] of fields.entries())
    if (!CRON_FIELD[i]?.test(f)) return `a valid value in field ${i + 1} ("${f}")`;
  const dom = fields[2] as string;
  const dow = fields[4] as string;
  if ((dom === "?") === (dow === "?")) return 'exactly one of day-of-month and day-of-week set to "?"';
  return undefined;
}

/**
 * A schedule expression. EventBridge rules (EventBridge User Guide, "Creating a rule that runs
 * on a schedule": `rate(value unit)` with a positive value, singular unit for 1 and plural
 * otherwise; `cron()` with six fields where one of day-of-month and day-of-week is `?`).
 * EventBridge Scheduler (Scheduler User Guide, "Schedule types") also accepts one-time
 * `at(yyyy-mm-ddThh:mm:ss)` with a real date.
 */
export function scheduleExpression(opts: { at: boolean }): Check {
  const kinds = opts.at
    ? "at(yyyy-mm-ddThh:mm:ss), rate(n unit) or cron(6 fields)"
    : "rate(n unit) or cron(6 fields)";
  return (v, path, out) => {
    if (typeof v !== "string") {
      out.push({ path, value: v, rule: `a schedule expression: ${kinds}` });
      return;
    }
    const rate = RATE.exec(v);
    if (rate) {
      const n = Number(rate[1]);
      const unit = rate[2] as string;
      if (n <= 0) out.push({ path, value: v, rule: "a rate above zero" });
      else if ((n === 1) !== !unit.endsWith("s"))
        out.push({
          path,
          value: v,
          rule: "a singular unit for a rate of 1 (rate(1 hour)) and a plural one otherwise (rate(5 minutes))",
        });
      return;
    }
    const cron = CRON.exec(v);
    if (cron) {
      const why = checkCron(cron[1] as string);
      if (why) out.push({ path, value: v, rule: `a cron expression with ${why}` });
      return;
    }
    const at = opts.at ? AT.exec(v) : null;
    if (at) {
      const [y, mo, d, h, mi, s] = at.slice(1).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      if (
        date.getUTCFullYear() !== y ||
        date.getUTCMonth() !== mo - 1 ||
        date.getUTCDate() !== d ||
        date.getUTCHours() !== h ||
        date.getUTCMinutes() !== mi ||
        date.getUTCSeconds() !== s
      )
        out.push({ path, value: v, rule: "an at() expression with a real date and time" });
      return;
    }
    out.push({ path, value: v, rule: `a schedule expression: ${kinds}` });
  };
}

// Unix cron fields: value, range, list, step and * (names for months and weekdays).
const MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT";
const unixField = (value: string) =>
  new RegExp(`^(\\*|(${value})(-(${value}))?)(/\\d+)?(,(\\*|(${value})(-(${value}))?)(/\\d+)?)*$`, "i");
const UNIX_CRON = [
  unixField("[0-5]?\\d"),
  unixField("1?\\d|2[0-3]"),
  unixField("[1-9]|[12]\\d|3[01]"),
  unixField(`1[0-2]|[1-9]|${MONTHS}`),
  unixField(`[0-7]|${DAYS}`),
];

/**
 * A Unix cron expression of five fields, minute hour day-of-month month day-of-week (EC2 Auto
 * Scaling API Reference, ScheduledUpdateGroupActionRequest: Recurrence).
 */
export const unixCron: Check = (v, path, out) => {
  const fields = typeof v === "string" ? v.trim().split(/\s+/) : [];
  if (fields.length !== 5 || !fields.every((f, i) => UNIX_CRON[i]?.test(f)))
    out.push({
      path,
      value: v,
      rule: "a Unix cron expression of five fields: minute hour day-of-month month day-of-week",
    });
};

/** An IANA time zone name (EventBridge Scheduler API Reference, CreateSchedule: ScheduleExpressionTimezone). */
export const ianaTimeZone: Check = (v, path, out) => {
  if (!isTimeZone(v)) out.push({ path, value: v, rule: "an IANA time zone name, e.g. Europe/Paris or UTC" });
};

// --- ECS container definitions ------------------------------------------------------------------

const containerName = str({
  min: 1,
  max: 255,
  pattern: /^[a-zA-Z0-9_-]+$/,
  allowed: "letters, digits, hyphens and underscores",
});
const hc = {
  interval: intIn(5, 300),
  timeout: intIn(2, 60),
  retries: intIn(1, 10),
  startPeriod: intIn(0, 300),
};
const port = intIn(0, 65535);

/**
 * ECS container definitions (ECS API Reference, `ContainerDefinition`: name up to 255 letters,
 * digits, hyphens and underscores, unique in the task; image required; `HealthCheck`: command
 * required, interval 5-300 s, timeout 2-60 s, retries 1-10, startPeriod 0-300 s;
 * `PortMapping` ports 0-65535) and the rule of the ECS developer guide, "Task definition
 * parameters": at least one container is essential.
 */
export const containerDefinitions: Check = json((doc, path, out) => {
  if (!Array.isArray(doc) || doc.length === 0) {
    out.push({ path, value: doc, rule: "a non-empty JSON array of container definitions" });
    return;
  }
  const names = new Set<string>();
  let essential = 0;
  doc.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(c)) {
      out.push({ path: at, value: c, rule: "a container definition object" });
      return;
    }
    containerName(c["name"], `${at}.name`, out);
    if (typeof c["name"] === "string") {
      if (names.has(c["name"]))
        out.push({
          path: `${at}.name`,
          value: c["name"],
          rule: "a container name unique in the task definition",
        });
      names.add(c["name"]);
    }
    if (typeof c["image"] !== "string" || c["image"].length === 0)
      out.push({ path: `${at}.image`, value: c["image"], rule: "an image (required)" });
    if (c["essential"] !== false) essential++;
    const h = c["healthCheck"];
    if (isRecord(h)) {
      if (!Array.isArray(h["command"]) || h["command"].length === 0)
        out.push({
          path: `${at}.healthCheck.command`,
          value: h["command"],
          rule: "a non-empty command list",
        });
      for (const [k, check] of Object.entries(hc))
        if (h[k] !== undefined) check(h[k], `${at}.healthCheck.${k}`, out);
    }
    asList(c["portMappings"]).forEach((pm, j) => {
      if (!isRecord(pm)) return;
      if (pm["containerPort"] !== undefined)
        port(pm["containerPort"], `${at}.portMappings[${j}].containerPort`, out);
      if (pm["hostPort"] !== undefined) port(pm["hostPort"], `${at}.portMappings[${j}].hostPort`, out);
      if (pm["protocol"] !== undefined)
        oneOf(["tcp", "udp"])(pm["protocol"], `${at}.portMappings[${j}].protocol`, out);
    });
  });
  if (essential === 0)
    out.push({ path, value: "no essential container", rule: "at least one essential container" });
}, "ECS container definitions");

// --- ECR lifecycle policies -----------------------------------------------------------------------

/**
 * An ECR lifecycle policy (ECR User Guide, "Lifecycle policy properties"): rules with unique
 * integer `rulePriority`; tagStatus tagged|untagged|any, `tagged` needs tagPrefixList or
 * tagPatternList, `untagged` has neither, a rule with `any` has the highest priority; at most four
 * `*` wildcards per tag pattern; countType imageCountMoreThan|sinceImagePushed|sinceImagePulled|
 * sinceImageTransitioned with a positive countNumber (and countUnit days for the since* types);
 * action type expire|transition.
 */
export const ecrLifecyclePolicy: Check = json((doc, path, out) => {
  const rules = isRecord(doc) ? doc["rules"] : undefined;
  if (!Array.isArray(rules) || rules.length === 0) {
    out.push({ path, value: doc, rule: 'a JSON object { "rules": [ … ] } with at least one rule' });
    return;
  }
  const priorities = new Map<number, number>();
  let anyPriority: number | undefined;
  let maxPriority = Number.NEGATIVE_INFINITY;
  rules.forEach((r, i) => {
    const at = `${path}.rules[${i}]`;
    if (!isRecord(r)) {
      out.push({ path: at, value: r, rule: "a rule object" });
      return;
    }
    const p = r["rulePriority"];
    intIn(1)(p, `${at}.rulePriority`, out);
    if (typeof p === "number") {
      if (priorities.has(p))
        out.push({ path: `${at}.rulePriority`, value: p, rule: "a rulePriority unique in the policy" });
      priorities.set(p, i);
      maxPriority = Math.max(maxPriority, p);
    }
    const sel = isRecord(r["selection"]) ? r["selection"] : {};
    const status = sel["tagStatus"];
    oneOf(["tagged", "untagged", "any"])(status, `${at}.selection.tagStatus`, out);
    const lists = [sel["tagPrefixList"], sel["tagPatternList"]].filter((x) => x !== undefined);
    if (status === "tagged" && lists.length === 0)
      out.push({
        path: `${at}.selection`,
        value: sel,
        rule: "tagPrefixList or tagPatternList with tagStatus tagged",
      });
    if (status === "untagged" && lists.length > 0)
      out.push({
        path: `${at}.selection`,
        value: sel,
        rule: "neither tagPrefixList nor tagPatternList with tagStatus untagged",
      });
    if (status === "any" && typeof p === "number") anyPriority = p;
    asList(sel["tagPatternList"]).forEach((t, j) => {
      if (typeof t === "string" && (t.match(/\*/g)?.length ?? 0) > 4)
        out.push({
          path: `${at}.selection.tagPatternList[${j}]`,
          value: t,
          rule: "at most four * wildcards per tag pattern",
        });
    });
    const countType = sel["countType"];
    oneOf(["imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"])(
      countType,
      `${at}.selection.countType`,
      out,
    );
    intIn(1)(sel["countNumber"], `${at}.selection.countNumber`, out);
    if (typeof countType === "string" && countType.startsWith("since") && sel["countUnit"] !== "days")
      out.push({
        path: `${at}.selection.countUnit`,
        value: sel["countUnit"],
        rule: `countUnit "days" with countType ${countType}`,
      });
    const action = isRecord(r["action"]) ? r["action"]["type"] : undefined;
    oneOf(["expire", "transition"])(action, `${at}.action.type`, out);
  });
  if (anyPriority !== undefined && anyPriority !== maxPriority)
    out.push({
      path: `${path}.rules`,
      value: `tagStatus any at priority ${anyPriority}`,
      rule: "the rule with tagStatus any has the highest rulePriority",
    });
}, "an ECR lifecycle policy");

// --- SQS redrive policies -------------------------------------------------------------------------

/** SQS API Reference, `SetQueueAttributes` RedrivePolicy: deadLetterTargetArn (an SQS queue ARN) and maxReceiveCount 1-1000. */
export const sqsRedrivePolicy: Check = json((doc, path, out) => {
  if (!isRecord(doc)) {
    out.push({ path, value: doc, rule: "a JSON object { deadLetterTargetArn, maxReceiveCount }" });
    return;
  }
  arn({ service: "sqs" })(doc["deadLetterTargetArn"], `${path}.deadLetterTargetArn`, out);
  intIn(1, 1000)(doc["maxReceiveCount"], `${path}.maxReceiveCount`, out);
}, "an SQS redrive policy");

/** SQS API Reference, `SetQueueAttributes` RedriveAllowPolicy: redrivePermission allowAll|denyAll|byQueue, at most 10 source queue ARNs. */
export const sqsRedriveAllowPolicy: Check = json((doc, path, out) => {
  if (!isRecord(doc)) {
    out.push({ path, value: doc, rule: "a JSON object { redrivePermission, sourceQueueArns? }" });
    return;
  }
  oneOf(["allowAll", "denyAll", "byQueue"])(doc["redrivePermission"], `${path}.redrivePermission`, out);
  const src = asList(doc["sourceQueueArns"]);
  if (doc["redrivePermission"] === "byQueue" && (src.length < 1 || src.length > 10))
    out.push({
      path: `${path}.sourceQueueArns`,
      value: `${src.length} ARNs`,
      rule: "1 to 10 source queue ARNs with byQueue",
    });
  const queueArn = arn({ service: "sqs" });
  for (const [i, a] of src.entries()) queueArn(a, `${path}.sourceQueueArns[${i}]`, out);
}, "an SQS redrive allow policy");

export type { Finding };
