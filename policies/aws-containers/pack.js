// The pack's entry for the Pulumi CLI once installed from npm (`pulumi preview --policy-pack
// node_modules/@berth/policy-aws-containers`, `berth plan --grpc`): run-policy-pack requires the package's
// `main`, which publishConfig points here, so the built policies run without a TypeScript
// toolchain. In this repository `main` stays index.ts (the sources, through ts-node).
const { PolicyPack } = require("@pulumi/policy");
const { enforcementLevel, packName, policies } = require("./dist/policies.js");

new PolicyPack(packName, { enforcementLevel, policies });
