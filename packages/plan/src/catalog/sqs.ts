/** SQS queues and their policies; KMS keys and aliases; Secrets Manager; SSM parameters. */

import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { iamPolicy, sqsRedriveAllowPolicy, sqsRedrivePolicy } from "./documents";
import { intIn, isRecord, oneOf, str } from "./rules";
import type { Check } from "./types";

const ATTR = "SQS API Reference, SetQueueAttributes";

/** SQS API Reference, CreateQueue: QueueName, 1-80 alphanumerics, hyphens, underscores; FIFO names end in .fifo. */
const queueName: Check = (v, path, out) => {
  // The whole inputs: the name depends on fifoQueue.
  if (!isRecord(v) || typeof v["name"] !== "string") return;
  const name = v["name"];
  const fifo = v["fifoQueue"] === true;
  const base = fifo ? name.replace(/\.fifo$/, "") : name;
  if (!/^[A-Za-z0-9_-]+$/.test(base) || name.length > 80 || (fifo && !name.endsWith(".fifo")))
    out.push({
      path: `${path ? `${path}.` : ""}name`,
      value: name,
      rule: `1-80 letters, digits, hyphens and underscores${fifo ? ", ending in .fifo for a FIFO queue" : ""}`,
    });
};

export const sqs = [
  entry("aws:sqs/queue:Queue", {
    constraints: [
      rule(
        "",
        queueName,
        "SQS API Reference, CreateQueue: QueueName (up to 80 alphanumerics, hyphens, underscores; FIFO ends in .fifo)",
      ),
      rule("delaySeconds", intIn(0, 900), `${ATTR}: DelaySeconds (0-900)`),
      rule("maxMessageSize", intIn(1024, 1048576), `${ATTR}: MaximumMessageSize (1,024-1,048,576 bytes)`),
      rule(
        "messageRetentionSeconds",
        intIn(60, 1209600),
        `${ATTR}: MessageRetentionPeriod (60-1,209,600 seconds)`,
      ),
      rule("receiveWaitTimeSeconds", intIn(0, 20), `${ATTR}: ReceiveMessageWaitTimeSeconds (0-20)`),
      rule("visibilityTimeoutSeconds", intIn(0, 43200), `${ATTR}: VisibilityTimeout (0-43,200 seconds)`),
      rule(
        "kmsDataKeyReusePeriodSeconds",
        intIn(60, 86400),
        `${ATTR}: KmsDataKeyReusePeriodSeconds (60-86,400)`,
      ),
      rule("deduplicationScope", oneOf(["messageGroup", "queue"]), `${ATTR}: DeduplicationScope`),
      rule("fifoThroughputLimit", oneOf(["perQueue", "perMessageGroupId"]), `${ATTR}: FifoThroughputLimit`),
      rule("redrivePolicy", sqsRedrivePolicy, `${ATTR}: RedrivePolicy`),
      rule("redriveAllowPolicy", sqsRedriveAllowPolicy, `${ATTR}: RedriveAllowPolicy`),
      rule(
        "policy",
        iamPolicy("resource"),
        'SQS Developer Guide, "Using custom policies with the Amazon SQS access policy language" (IAM policy grammar)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "fifoQueue"],
    cost: PRICED,
  }),
  entry("aws:sqs/queuePolicy:QueuePolicy", {
    constraints: [
      rule(
        "policy",
        iamPolicy("resource"),
        'SQS Developer Guide, "Using custom policies with the Amazon SQS access policy language" (IAM policy grammar)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["queueUrl"],
    cost: FREE("queue policies are free"),
  }),
  entry("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", {
    constraints: [rule("redriveAllowPolicy", sqsRedriveAllowPolicy, `${ATTR}: RedriveAllowPolicy`)],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["queueUrl"],
    cost: FREE("redrive allow policies are free"),
  }),
  entry("aws:kms/key:Key", {
    constraints: [
      rule(
        "deletionWindowInDays",
        intIn(7, 30),
        "KMS API Reference, ScheduleKeyDeletion: PendingWindowInDays (7-30)",
      ),
      rule(
        "rotationPeriodInDays",
        intIn(90, 2560),
        "KMS API Reference, EnableKeyRotation: RotationPeriodInDays (90-2560)",
      ),
      rule(
        "keyUsage",
        oneOf(["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]),
        "KMS API Reference, CreateKey: KeyUsage",
      ),
      rule("description", str({ max: 8192 }), "KMS API Reference, CreateKey: Description (0-8192)"),
      rule(
        "policy",
        iamPolicy("resource"),
        'KMS Developer Guide, "Key policies in AWS KMS" (IAM policy grammar, a Principal in every statement)',
      ),
    ],
    durations: { create: 20, source: "B2: KMS key 12-28 s" },
    replaceOn: ["customerMasterKeySpec", "keyUsage"],
    cost: PRICED,
  }),
  entry("aws:kms/alias:Alias", {
    constraints: [
      rule(
        "name",
        str({
          min: 7,
          max: 256,
          pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/,
          allowed: "alias/ then letters, digits, /, _ and -, not alias/aws/",
        }),
        "KMS API Reference, CreateAlias: AliasName (1-256, ^alias/[a-zA-Z0-9/_-]+$, the alias/aws/ prefix is reserved)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "namePrefix"],
    cost: FREE("aliases are free"),
  }),
  entry("aws:secretsmanager/secret:Secret", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 512, pattern: /^[a-zA-Z0-9/_+=.@-]+$/, allowed: "letters, digits and /_+=.@-" }),
        "Secrets Manager API Reference, CreateSecret: Name (1-512, letters, digits and /_+=.@-)",
      ),
      rule(
        "description",
        str({ max: 2048 }),
        "Secrets Manager API Reference, CreateSecret: Description (0-2048)",
      ),
      rule(
        "recoveryWindowInDays",
        (v, path, out) => {
          const n = Number(v);
          if (!(Number.isInteger(n) && (n === 0 || (n >= 7 && n <= 30))))
            out.push({ path, value: v, rule: "0 (delete at once) or 7-30 days" });
        },
        "Secrets Manager API Reference, DeleteSecret: RecoveryWindowInDays (7-30; the provider's 0 forces deletion)",
      ),
      rule(
        "policy",
        iamPolicy("resource"),
        'Secrets Manager User Guide, "Resource-based policies" (IAM policy grammar)',
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:ssm/parameter:Parameter", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 2048, pattern: /^[a-zA-Z0-9_.\-/]+$/, allowed: "letters, digits and _.-/" }),
        "SSM API Reference, PutParameter: Name (1-2048, a-zA-Z0-9_.-/)",
      ),
      rule("type", oneOf(["String", "StringList", "SecureString"]), "SSM API Reference, PutParameter: Type"),
      rule(
        "tier",
        oneOf(["Standard", "Advanced", "Intelligent-Tiering"]),
        "SSM API Reference, PutParameter: Tier",
      ),
      rule("description", str({ max: 1024 }), "SSM API Reference, PutParameter: Description (0-1024)"),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("standard parameters are free"),
  }),
];
