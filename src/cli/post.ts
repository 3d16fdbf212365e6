/** `parley post`: a member posts a message (one or more language versions). */
import { InvalidArgumentError, type Command } from 'commander';
import type { DialogueId, MemberId } from '../record/index.js';
import { collect, printJson, withDataOption, withNode, type Io } from './io.js';

export function registerPost(program: Command, io: Io): void {
  withDataOption(program.command('post'))
    .description('post a message to a dialogue as a member; repeat --lang/--text for each language version')
    .requiredOption('--dialogue <id>', 'dialogue id')
    .requiredOption('--as <member>', 'id of the posting member')
    .requiredOption('--text <text>', 'message text (repeatable, paired in order with --lang)', collect)
    .option('--lang <tag>', 'language of the matching --text (repeatable; default en)', collect)
    .option('--kind <kind>', 'informal or formal_note', 'informal')
    .option('--working-group <id>', 'the working group it is posted in (default: dialogue-wide)')
    .option('--reply-to <id>', 'the id of the message it answers')
    .option('--ack', 'ask each other party for an acknowledgement by a person, not only the receipt')
    .option('--json', 'print the stored event as JSON')
    .action(async (options: {
      data?: string; dialogue: string; as: string; text: string[]; lang?: string[]; kind: string; workingGroup?: string; replyTo?: string; ack?: boolean; json?: boolean;
    }) => {
      const langs = options.lang ?? [];
      if (langs.length > options.text.length) throw new InvalidArgumentError('--lang: more languages than --text values');
      if (options.text.length > 1 && langs.length !== options.text.length) {
        throw new InvalidArgumentError('--lang: give one --lang for each --text when posting several versions');
      }
      if (options.kind !== 'informal' && options.kind !== 'formal_note') {
        throw new InvalidArgumentError(`--kind: must be informal or formal_note, got "${options.kind}"`);
      }
      const text: Record<string, string> = {};
      options.text.forEach((value, i) => {
        const lang = langs[i] ?? 'en';
        if (lang in text) throw new InvalidArgumentError(`--lang: ${lang} given twice`);
        text[lang] = value;
      });
      const stored = await withNode(options, (ctx) =>
        ctx.node.postMessage({
          dialogue: options.dialogue as DialogueId, member: options.as as MemberId, kind: options.kind as 'informal', text,
          ...(options.workingGroup ? { workingGroup: options.workingGroup } : {}), ...(options.replyTo ? { replyTo: options.replyTo } : {}),
          ...(options.ack ? { requiresAcknowledgement: true } : {}),
        }));
      if (options.json) printJson(io, { index: stored.index, id: stored.id, event: stored.event });
      else io.out(`posted ${stored.event.type} #${stored.index} (${stored.event.party} seq ${stored.event.seq})\n${stored.id}\n`);
    });
}
