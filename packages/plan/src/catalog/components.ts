/** Remote components (awsx) and Kubernetes resources that Berth's stacks create. */
import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { cidr, intIn, oneOf } from "./rules";

export const components = [
  entry("awsx:ec2:Vpc", {
    constraints: [
      rule(
        "cidrBlock",
        cidr({ family: "ipv4", minPrefix: 16, maxPrefix: 28 }),
        'Amazon VPC User Guide, "VPC CIDR blocks": an IPv4 block between /16 and /28',
      ),
      rule(
        "numberOfAvailabilityZones",
        intIn(1, 6),
        "awsx ec2.Vpc: numberOfAvailabilityZones (at least 1; regions have up to 6 zones)",
      ),
      rule(
        "natGateways.strategy",
        oneOf(["None", "Single", "OnePerAz"]),
        "awsx ec2.Vpc NatGatewayConfiguration: strategy",
      ),
      rule(
        "subnetSpecs[*].type",
        oneOf(["Public", "Private", "Isolated", "Unused"]),
        "awsx ec2.Vpc SubnetSpec: type",
      ),
      rule(
        "subnetSpecs[*].cidrMask",
        intIn(16, 28),
        'Amazon VPC User Guide, "Subnet CIDR blocks": between /16 and /28',
      ),
    ],
    durations: {
      create: 125,
      source:
        "B2: VPC + subnets ~20 s, then NAT gateways ~1m45s in parallel (awsx Vpc is a remote component: its children are not in the plan)",
    },
    replaceOn: ["cidrBlock", "availabilityZoneNames", "numberOfAvailabilityZones"],
    cost: PRICED,
  }),
  entry("kubernetes:helm.sh/v3:Release", {
    mock: "generic",
    durations: {
      create: 60,
      source: "no sample in the research; a Helm release waits for its pods (estimate)",
    },
    cost: FREE("runs on the cluster's nodes, which are priced"),
  }),
  entry("kubernetes:storage.k8s.io/v1:StorageClass", {
    mock: "generic",
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
    cost: FREE("Kubernetes objects are free"),
  }),
];
