/** Scenario files: parse and validate YAML, then apply it to a node. */
export { parseScenario, ScenarioError } from './load.js';
export { applyScenario } from './apply.js';
export { ScenarioSchema, type Scenario } from './schema.js';
export { runSteps, type StepHooks, type StepScheduler } from './steps.js';
