/**
 * The `parley` command: one file per subcommand, each registering itself on the program.
 * `main` returns the exit code instead of exiting, so tests can run commands in-process.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { registerAudit } from './audit.js';
import { registerClient } from './client.js';
import { registerCrisis } from './crisis.js';
import { registerDemo } from './demo.js';
import { registerExport } from './export.js';
import { registerHotline } from './hotline.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { registerNode } from './node.js';
import { registerPeer } from './peer.js';
import { registerDialogueSetup } from './dialogue.js';
import { registerPost } from './post.js';
import { registerProof } from './proof.js';
import { registerRebuild } from './rebuild.js';
import { registerServe } from './serve.js';
import { registerVerify } from './verify.js';
import { registerWatch } from './watch.js';
import { registerWebhooks } from './webhooks.js';
import { CliExit, describeError, type Io } from './io.js';

export function buildProgram(io: Io): Command {
  const program = new Command('parley')
    .description('Parley: systematic, outcome-focused communication on a shared signed record')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const register of [registerInit, registerImport, registerPost, registerExport, registerVerify, registerProof, registerRebuild, registerServe, registerDemo, registerClient, registerWebhooks, registerAudit, registerWatch, registerCrisis, registerHotline, registerNode, registerPeer, registerDialogueSetup]) {
    register(program, io);
  }
  return program;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      // Help and version exit 0. Commander prints the usage errors it finds while parsing;
      // an InvalidArgumentError thrown inside an action (a bad --body, --token missing with
      // --server) reaches here unprinted.
      if (error.exitCode === 0) return 0;
      // (Commander reports its own as a plain CommanderError, already printed.)
      if (error instanceof InvalidArgumentError) io.err(`parley: ${error.message}\n`);
      return 2;
    }
    io.err(`parley: ${describeError(error)}\n`);
    return 1;
  }
}

const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
