// The pack's entry for the Pulumi CLI (`pulumi preview --policy-pack policies/cost`):
// run-policy-pack requires this directory, i.e. package.json `main`, through ts-node.
import { PolicyPack } from "@pulumi/policy";
import { enforcementLevel, packName, policies } from "./src/policies";

new PolicyPack(packName, { enforcementLevel, policies });
