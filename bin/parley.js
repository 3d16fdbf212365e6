#!/usr/bin/env node
// The `parley` command. Runs the TypeScript sources through tsx so that a checkout
// works right after `npm ci`, with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
