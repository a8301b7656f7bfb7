// The entry point the Pulumi CLI runs (Pulumi.yaml `main: dist/index.js`): it calls the exported
// function and exports what it returns as the stack's outputs.
import { program } from "./program";

export = program;
