/** Reads a scenario YAML text into a validated Scenario, or lists every problem with its path. */
import { parseDocument } from 'yaml';
import { ScenarioSchema, formatPath, type Scenario } from './schema.js';

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
  }
}

export function parseScenario(text: string): Scenario {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  }
  const result = ScenarioSchema.safeParse(doc.toJS());
  if (!result.success) {
    throw new ScenarioError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  return result.data;
}
