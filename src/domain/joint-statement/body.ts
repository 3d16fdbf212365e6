/**
 * The bodies of joint-statement events as this node's decider makes them (decide.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching the text every principal signs. Only shape and per-field limits: whether a
 * version is current or the statement still open is the fold's to settle, in order.
 */
import { type BodyRule, type Body, reasonAt, ruleChecker, textShape } from '../bodies.js';
import { invalid } from '../errors.js';
import { checkId, optionalReference } from '../ids.js';
import { checkText } from './decide.js';

const target = (body: Body): void => void checkId(body.target, 'body.target', 'target_invalid');

/**
 * A version as checkText writes it: `text`, and `authentic` only when it names a language,
 * each once and sorted, each with a version in `text`.
 */
function version(body: Body): void {
  const text = textShape(body.text, 'body.text');
  const { authentic } = body;
  if (authentic !== undefined && (!Array.isArray(authentic) || authentic.some((tag) => typeof tag !== 'string'))) {
    throw invalid('authentic_invalid', 'body.authentic', 'must be a list of language tags');
  }
  const written = checkText(text, authentic as string[] | undefined, 'body.');
  if (JSON.stringify(written.authentic) !== JSON.stringify(authentic)) {
    throw invalid('authentic_invalid', 'body.authentic', 'must name each language once, sorted, and be left out when empty');
  }
}

const RULES: { readonly [type: string]: BodyRule } = {
  'joint_statement.proposed': {
    fields: ['text', 'authentic', 'meeting', 'workingGroup'],
    check: (body) => {
      version(body);
      optionalReference(body.meeting, 'body.meeting');
      optionalReference(body.workingGroup, 'body.workingGroup');
    },
  },
  'joint_statement.revised': { fields: ['target', 'text', 'authentic'], check: (body) => { target(body); version(body); } },
  'joint_statement.signed': {
    fields: ['target', 'version'],
    check: (body) => { target(body); checkId(body.version, 'body.version', 'version_invalid'); },
  },
  'joint_statement.withdrawn': { fields: ['target', 'reason'], check: (body) => { target(body); reasonAt(body.reason, 'body.reason', false); } },
};

export const checkJointStatementBody = ruleChecker(RULES);
