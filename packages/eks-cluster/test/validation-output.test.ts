import { capture } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import { expect, it } from "vitest";
import { EksCluster } from "../src";
import { baseArgs } from "./helpers";

// A subnet list known only at run time is checked inside apply. The mock engine reports the
// failure as the program's error but keeps waiting for outputs of the failed resource's
// dependents, so this file (alone, last capture of its worker) observes the error directly.
it("fewer than two subnets, known only at run time (an Output), fails inside apply with the shared error", async () => {
  const failed = new Promise<Error>((resolve) => {
    process.on("unhandledRejection", (e) => {
      if (e instanceof Error && e.name === "BerthValidationError") resolve(e);
    });
  });
  void capture(() => {
    new EksCluster("c", baseArgs({ subnetIds: pulumi.output(["subnet-aaaaaaaaaaaaaaaaa"]) }));
  }).catch(() => undefined);
  const e = await failed;
  // The SDK prefixes the property being serialized; the rest is Berth's message.
  expect(e.message).toContain(
    'Invalid arguments for berth:eks:EksCluster "c":\n' +
      '  - subnetIds: got ["subnet-aaaaaaaaaaaaaaaaa"]; allowed: at least 2 subnets, in at least 2 Availability Zones.',
  );
});
