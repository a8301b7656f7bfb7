#!/usr/bin/env node
/**
 * Refreshes packages/plan/data/prices.json from the public AWS Price List Bulk API (offer files:
 * public HTTPS, no credentials, dated by `publicationDate`).
 *
 *   node scripts/refresh-prices.mjs                 # all regions in prices.json
 *   node scripts/refresh-prices.mjs --region eu-west-1 --region us-east-1
 *   node scripts/refresh-prices.mjs --dry-run       # print the URLs it would fetch, change nothing
 *
 * For each service it reads `/offers/v1.0/aws/<OfferCode>/current/region_index.json`, follows the
 * region's `currentVersionUrl` to the region offer file, and matches products by usage type (the
 * region prefix, `USE1-`, `EU-`..., is optional: us-east-1 often has none). AmazonEC2 is read as
 * CSV and streamed line by line (the us-east-1 file is several GB). Every updated entry gets
 * `source` = the offer file URL and `date` = its publicationDate. Keys no product matched keep
 * their snapshot value and are listed at the end, so a renamed usage type is noticed.
 *
 * Not in the offer files, left as they are: the Spot discounts (Fargate Spot floats, published
 * only by the undocumented feed dftu77xade0tc.cloudfront.net/fargate-spot-prices.json; EC2 Spot by
 * DescribeSpotPriceHistory, which needs credentials), the Auto Mode / Managed Instances fee
 * fractions, the EKS support calendar and the Scheduler free tier.
 *
 * The tests use the committed snapshot; this script needs internet access and Node 20.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const BASE = "https://pricing.us-east-1.amazonaws.com";
const FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../data/prices.json");

/** Usage type regex with an optional region prefix. */
const ut = (suffix) => new RegExp(`^([A-Z]{2,4}\\d?-)?${suffix}$`);

/**
 * What to read from which offer: `key` in prices.json, the offer code, a product filter, and a
 * `scale` from the offer's unit to ours (e.g. per request -> per 1M requests).
 */
const MATCHERS = [
  { key: "fargate.x86.vcpuHour", offer: "AmazonECS", usagetype: ut("Fargate-vCPU-Hours:perCPU") },
  { key: "fargate.x86.gbHour", offer: "AmazonECS", usagetype: ut("Fargate-GB-Hours") },
  { key: "fargate.arm64.vcpuHour", offer: "AmazonECS", usagetype: ut("Fargate-ARM-vCPU-Hours:perCPU") },
  { key: "fargate.arm64.gbHour", offer: "AmazonECS", usagetype: ut("Fargate-ARM-GB-Hours") },
  { key: "fargate.ephemeralGbHour", offer: "AmazonECS", usagetype: ut("Fargate-EphemeralStorage-GB-Hours") },
  { key: "eks.cluster.standardHour", offer: "AmazonEKS", usagetype: ut("AmazonEKS-Hours:perCluster") },
  // extended support is billed as the standard hour plus an extended-support hour
  {
    key: "eks.cluster.extendedHour",
    offer: "AmazonEKS",
    usagetype: ut("AmazonEKS-Hours:extendedSupport"),
    addKey: "eks.cluster.standardHour",
  },
  { key: "nat.hour", offer: "AmazonEC2", usagetype: ut("NatGateway-Hours") },
  { key: "nat.gb", offer: "AmazonEC2", usagetype: ut("NatGateway-Bytes") },
  {
    key: "alb.hour",
    offer: "AWSELB",
    usagetype: ut("LoadBalancerUsage"),
    family: "Load Balancer-Application",
  },
  { key: "alb.lcuHour", offer: "AWSELB", usagetype: ut("LCUUsage"), family: "Load Balancer-Application" },
  { key: "nlb.hour", offer: "AWSELB", usagetype: ut("LoadBalancerUsage"), family: "Load Balancer-Network" },
  { key: "nlb.lcuHour", offer: "AWSELB", usagetype: ut("LCUUsage"), family: "Load Balancer-Network" },
  { key: "vpce.interface.azHour", offer: "AmazonVPC", usagetype: ut("VpcEndpoint-Hours") },
  { key: "vpce.interface.gb", offer: "AmazonVPC", usagetype: ut("VpcEndpoint-Bytes") },
  { key: "publicIpv4.hour", offer: "AmazonVPC", usagetype: ut("PublicIPv4:InUseAddress") },
  // offer code as listed in /offers/v1.0/aws/index.json; verify it when the first run reports no match
  { key: "lattice.serviceHour", offer: "AmazonVPCLattice", usagetype: /Service-Hours?$/ },
  { key: "lattice.gb", offer: "AmazonVPCLattice", usagetype: /Data-?Processed|Bytes$/ },
  { key: "lattice.millionRequests", offer: "AmazonVPCLattice", usagetype: /Requests?$/, scale: 1e6 },
  { key: "ecr.gbMonth", offer: "AmazonECR", usagetype: ut("TimedStorage-ByteHrs") },
  { key: "logs.ingestGb", offer: "AmazonCloudWatch", usagetype: ut("DataProcessing-Bytes") },
  { key: "logs.ingestGbInfrequent", offer: "AmazonCloudWatch", usagetype: ut("DataProcessingIA-Bytes") },
  { key: "logs.storageGbMonth", offer: "AmazonCloudWatch", usagetype: ut("TimedStorage-ByteHrs") },
  { key: "secrets.secretMonth", offer: "AWSSecretsManager", usagetype: ut("AWSSecretsManager-Secrets") },
  {
    key: "secrets.per10kApi",
    offer: "AWSSecretsManager",
    usagetype: ut("AWSSecretsManager-APIRequest"),
    scale: 1e4,
  },
  { key: "kms.keyMonth", offer: "awskms", usagetype: ut("KMS-Keys") },
  { key: "kms.per10kRequests", offer: "awskms", usagetype: ut("KMS-Requests"), scale: 1e4 },
  { key: "efs.standardGbMonth", offer: "AmazonEFS", usagetype: ut("TimedStorage-ByteHrs") },
  { key: "efs.oneZoneGbMonth", offer: "AmazonEFS", usagetype: ut("TimedStorage-Z-ByteHrs") },
  { key: "sqs.standardMillion", offer: "AWSQueueService", usagetype: ut("Requests-RBP"), scale: 1e6 },
  { key: "sqs.fifoMillion", offer: "AWSQueueService", usagetype: ut("Requests-FIFO-RBP"), scale: 1e6 },
  { key: "scheduler.million", offer: "AWSEvents", usagetype: /Scheduler.*Invocation/, scale: 1e6 },
];

function parseArgs(argv) {
  const out = { dryRun: false, regions: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dry-run") out.dryRun = true;
    else if (a === "--region") out.regions.push(argv[++i]);
    else if (a === "--help" || a === "-h") out.help = true;
    else throw new Error(`unknown argument ${a}; allowed: --dry-run, --region <code>, --help`);
  }
  return out;
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** The region offer URL from the service's region index. */
async function regionOfferUrl(offer, region, ext = "json") {
  const index = await getJson(`${BASE}/offers/v1.0/aws/${offer}/current/region_index.json`);
  const entry = index.regions?.[region];
  if (!entry) throw new Error(`${offer} has no offer file for ${region}`);
  const url = `${BASE}${entry.currentVersionUrl}`;
  return ext === "csv" ? url.replace(/\.json$/, ".csv") : url;
}

/** The first positive USD price of a product's on-demand terms, by tier: the first paid tier. */
function onDemandPrice(terms, sku) {
  const offers = terms?.OnDemand?.[sku];
  if (!offers) return undefined;
  const dims = Object.values(offers).flatMap((o) => Object.values(o.priceDimensions ?? {}));
  dims.sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
  const prices = dims.map((d) => Number(d.pricePerUnit?.USD)).filter((p) => Number.isFinite(p) && p > 0);
  return prices[0];
}

async function readJsonOffer(offer, region, matchers, found) {
  const url = await regionOfferUrl(offer, region);
  console.error(`fetching ${url}`);
  const doc = await getJson(url);
  for (const [sku, p] of Object.entries(doc.products ?? {})) {
    const usagetype = p.attributes?.usagetype ?? "";
    for (const m of matchers) {
      if (found.has(m.key) || !m.usagetype.test(usagetype)) continue;
      if (m.family && p.productFamily !== m.family) continue;
      const price = onDemandPrice(doc.terms, sku);
      if (price === undefined) continue;
      found.set(m.key, {
        price: price * (m.scale ?? 1),
        source: `[AWS-PRICE-LIST] ${url} (${usagetype})`,
        date: String(doc.publicationDate ?? "").slice(0, 10),
        addKey: m.addKey,
      });
    }
  }
}

/** Minimal CSV line parser (quoted fields, doubled quotes). */
function csvLine(line) {
  const out = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** EC2 on-demand Linux prices for the instance types in the snapshot, plus NAT (AmazonEC2 CSV). */
async function readEc2Csv(region, instanceTypes, natMatchers, found) {
  const url = await regionOfferUrl("AmazonEC2", region, "csv");
  console.error(`streaming ${url}`);
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const rl = createInterface({ input: Readable.fromWeb(res.body), crlfDelay: Number.POSITIVE_INFINITY });
  let header;
  let publication = "";
  const wanted = new Set(instanceTypes);
  for await (const line of rl) {
    if (!header) {
      const m = /^"Publication Date","([^"]+)"/.exec(line);
      if (m) publication = m[1].slice(0, 10);
      if (line.startsWith('"SKU"')) header = Object.fromEntries(csvLine(line).map((h, i) => [h, i]));
      continue;
    }
    const f = csvLine(line);
    const col = (name) => f[header[name]] ?? "";
    if (col("TermType") !== "OnDemand") continue;
    const price = Number(col("PricePerUnit"));
    if (!(price > 0)) continue;
    const usagetype = col("usageType");
    for (const m of natMatchers) {
      if (!found.has(m.key) && m.usagetype.test(usagetype))
        found.set(m.key, { price, source: `[AWS-PRICE-LIST] ${url} (${usagetype})`, date: publication });
    }
    const type = col("Instance Type");
    if (
      wanted.has(type) &&
      col("Operating System") === "Linux" &&
      col("Tenancy") === "Shared" &&
      col("Pre Installed S/W") === "NA" &&
      col("CapacityStatus") === "Used" &&
      /BoxUsage:/.test(usagetype)
    ) {
      found.set(`ec2.${type}.hour`, {
        price,
        source: `[AWS-PRICE-LIST] ${url} (${usagetype})`,
        date: publication,
      });
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
    return;
  }
  const table = JSON.parse(readFileSync(FILE, "utf8"));
  const regions = args.regions.length ? args.regions : Object.keys(table.regions);
  const offers = [...new Set(MATCHERS.map((m) => m.offer))];
  const instanceTypes = Object.keys(table.regions[table.fallbackRegion] ?? {})
    .filter((k) => k.startsWith("ec2."))
    .map((k) => k.slice(4, -5));
  if (args.dryRun) {
    for (const region of regions) {
      for (const offer of offers) {
        console.log(`${BASE}/offers/v1.0/aws/${offer}/current/region_index.json`);
        console.log(
          `${BASE}/offers/v1.0/aws/${offer}/current/${region}/index.${offer === "AmazonEC2" ? "csv" : "json"}`,
        );
      }
    }
    console.log(
      `(dry run: ${regions.length} region(s), ${offers.length} offers, EC2 types ${instanceTypes.join(", ")})`,
    );
    return;
  }
  const missing = [];
  for (const region of regions) {
    const found = new Map();
    for (const offer of offers) {
      const ms = MATCHERS.filter((m) => m.offer === offer);
      try {
        if (offer === "AmazonEC2") await readEc2Csv(region, instanceTypes, ms, found);
        else await readJsonOffer(offer, region, ms, found);
      } catch (e) {
        console.error(`  ${offer} ${region}: ${e.message}`);
      }
    }
    if (!table.regions[region]) table.regions[region] = {};
    const entries = table.regions[region];
    for (const [key, f] of found) {
      const price = f.addKey ? f.price + (found.get(f.addKey)?.price ?? 0) : f.price;
      const old = entries[key] ?? table.regions[table.fallbackRegion]?.[key] ?? {};
      entries[key] = { ...old, price: Number(price.toPrecision(6)), source: f.source, date: f.date };
    }
    for (const m of MATCHERS) if (!found.has(m.key)) missing.push(`${region} ${m.key}`);
    for (const t of instanceTypes) if (!found.has(`ec2.${t}.hour`)) missing.push(`${region} ec2.${t}.hour`);
  }
  table.snapshotDate = new Date().toISOString().slice(0, 10);
  writeFileSync(FILE, `${JSON.stringify(table, null, 2)}\n`);
  console.error(`wrote ${FILE}`);
  if (missing.length) console.error(`not matched (snapshot value kept):\n  ${missing.join("\n  ")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
