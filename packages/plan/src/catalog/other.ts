/** EFS, Cloud Map, ACM, RAM, S3, Firehose, Lambda, Backup. */

import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { iamPolicy } from "./documents";
import { arn, intIn, oneOf, str } from "./rules";

export const other = [
  entry("aws:efs/fileSystem:FileSystem", {
    constraints: [
      rule(
        "performanceMode",
        oneOf(["generalPurpose", "maxIO"]),
        "EFS API Reference, CreateFileSystem: PerformanceMode",
      ),
      rule(
        "throughputMode",
        oneOf(["bursting", "provisioned", "elastic"]),
        "EFS API Reference, CreateFileSystem: ThroughputMode",
      ),
      rule(
        "kmsKeyId",
        arn({ service: "kms", resourceType: ["key", "alias"], orName: /^[0-9a-f-]{36}$/ }),
        "EFS API Reference, CreateFileSystem: KmsKeyId",
      ),
    ],
    durations: { create: 10, source: TIMING.NO_DATA },
    replaceOn: ["encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName"],
    cost: PRICED,
  }),
  entry("aws:efs/accessPoint:AccessPoint", {
    constraints: [
      rule("posixUser.uid", intIn(0, 4294967295), "EFS API Reference, PosixUser: Uid (0-4294967295)"),
      rule("posixUser.gid", intIn(0, 4294967295), "EFS API Reference, PosixUser: Gid (0-4294967295)"),
      rule(
        "rootDirectory.path",
        str({ min: 1, max: 100, pattern: /^\//, allowed: "an absolute path" }),
        "EFS API Reference, RootDirectory: Path (1-100, absolute)",
      ),
      rule(
        "rootDirectory.creationInfo.permissions",
        str({ pattern: /^[0-7]{3,4}$/, allowed: "an octal mode such as 0755" }),
        "EFS API Reference, CreationInfo: Permissions (^[0-7]{3,4}$)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("access points are free"),
  }),
  entry("aws:efs/mountTarget:MountTarget", {
    constraints: [
      rule(
        "securityGroups",
        (v, path, out) => {
          if (Array.isArray(v) && v.length > 5)
            out.push({ path, value: `${v.length} groups`, rule: "at most 5 security groups" });
        },
        "EFS API Reference, CreateMountTarget: SecurityGroups (up to 5)",
      ),
    ],
    durations: {
      create: 90,
      source: "no sample in the research; mount targets take a minute or more to become available (estimate)",
    },
    replaceOn: ["fileSystemId", "subnetId"],
    cost: FREE("mount targets are free"),
  }),
  entry("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 253 }),
        "Cloud Map API Reference, CreatePrivateDnsNamespace: Name (up to 253)",
      ),
    ],
    durations: {
      create: 45,
      source: "no sample in the research; Cloud Map creates a Route 53 private hosted zone (estimate)",
    },
    replaceOn: ["name", "vpc"],
    cost: FREE("not modelled: Route 53 charges for the private hosted zone Cloud Map creates"),
  }),
  entry("aws:servicediscovery/httpNamespace:HttpNamespace", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 1024, pattern: /^[!-~]{1,1024}$/ }),
        "Cloud Map API Reference, CreateHttpNamespace: Name (1-1024 printable ASCII)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("HTTP namespaces are free"),
  }),
  entry("aws:servicediscovery/service:Service", {
    constraints: [
      rule(
        "name",
        str({
          min: 1,
          max: 127,
          pattern:
            /^((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)|(^\.$)$/,
        }),
        "Cloud Map API Reference, CreateService: Name (1-127, DNS labels)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "namespaceId"],
    cost: FREE("not modelled: Cloud Map charges per registered instance and query"),
  }),
  entry("aws:acm/certificate:Certificate", {
    constraints: [
      rule(
        "domainName",
        str({ min: 1, max: 253 }),
        "ACM API Reference, RequestCertificate: DomainName (1-253)",
      ),
      rule(
        "validationMethod",
        oneOf(["DNS", "EMAIL", "NONE"]),
        "ACM API Reference, RequestCertificate: ValidationMethod",
      ),
    ],
    durations: { create: 5, source: "no sample; the request only (validation is a separate resource)" },
    replaceOn: ["domainName", "subjectAlternativeNames", "validationMethod"],
    cost: FREE("public ACM certificates are free"),
  }),
  entry("aws:ram/resourceShare:ResourceShare", {
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: FREE("RAM is free"),
  }),
  entry("aws:ram/resourceAssociation:ResourceAssociation", {
    mock: "generic",
    constraints: [
      rule(
        "resourceShareArn",
        arn({ service: "ram", resourceType: "resource-share" }),
        "RAM API Reference, AssociateResourceShare: resourceShareArn",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("RAM is free"),
  }),
  entry("aws:ram/principalAssociation:PrincipalAssociation", {
    mock: "generic",
    constraints: [
      rule(
        "resourceShareArn",
        arn({ service: "ram", resourceType: "resource-share" }),
        "RAM API Reference, AssociateResourceShare: resourceShareArn",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("RAM is free"),
  }),
  entry("aws:s3/bucket:Bucket", {
    constraints: [
      rule(
        "bucket",
        str({
          min: 3,
          max: 63,
          pattern:
            /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/,
          allowed:
            "3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
        }),
        'Amazon S3 User Guide, "General purpose bucket naming rules"',
      ),
      rule("policy", iamPolicy("resource"), 'Amazon S3 User Guide, "Bucket policies" (IAM policy grammar)'),
    ],
    durations: { create: 3, source: TIMING.NO_DATA },
    replaceOn: ["bucket", "bucketPrefix"],
    cost: FREE("not modelled: S3 storage and requests depend on usage"),
  }),
  entry("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: /^[a-zA-Z0-9_.-]+$/ }),
        "Firehose API Reference, CreateDeliveryStream: DeliveryStreamName (1-64, [a-zA-Z0-9_.-]+)",
      ),
    ],
    durations: {
      create: 60,
      source: "no sample in the research; a delivery stream takes about a minute to become active (estimate)",
    },
    replaceOn: ["name", "destination"],
    cost: FREE("not modelled: Firehose charges per GB ingested"),
  }),
  entry("aws:lambda/function:Function", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 64, pattern: /^[a-zA-Z0-9-_]+$/ }),
        "Lambda API Reference, CreateFunction: FunctionName (1-64 for a name, [a-zA-Z0-9-_]+)",
      ),
      rule("timeout", intIn(1, 900), "Lambda API Reference, CreateFunction: Timeout (1-900 seconds)"),
      rule(
        "memorySize",
        intIn(128, 10240),
        "Lambda API Reference, CreateFunction: MemorySize (128-10240 MB)",
      ),
      rule(
        "role",
        arn({ service: "iam", resourceType: "role" }),
        "Lambda API Reference, CreateFunction: Role",
      ),
    ],
    durations: { create: 10, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("not modelled: Lambda charges per request and GB-second"),
  }),
  entry("aws:lambda/permission:Permission", {
    mock: "generic",
    constraints: [
      rule(
        "statementId",
        str({ min: 1, max: 100, pattern: /^([a-zA-Z0-9-_]+)$/ }),
        "Lambda API Reference, AddPermission: StatementId (1-100, [a-zA-Z0-9-_]+)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["*"],
    cost: FREE("Lambda permissions are free"),
  }),
  entry("aws:backup/plan:Plan", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 50, pattern: /^[a-zA-Z0-9\-_.]+$/ }),
        "AWS Backup API Reference, BackupPlanInput: BackupPlanName",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    cost: FREE("backup plans are free; recovery points are not modelled"),
  }),
  entry("aws:backup/vault:Vault", {
    constraints: [
      rule(
        "name",
        str({ min: 2, max: 50, pattern: /^[a-zA-Z0-9\-_]+$/ }),
        "AWS Backup API Reference, CreateBackupVault: BackupVaultName (2-50, ^[a-zA-Z0-9\\-\\_]{2,50}$)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name"],
    cost: FREE("vaults are free; recovery points are not modelled"),
  }),
];
