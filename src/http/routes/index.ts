/** Every route of /api/v1, one module per resource. */
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../context.js';
import { registerAssuranceRoutes } from './assurances.js';
import { registerCommitmentRoutes } from './commitments.js';
import { registerDialogueRoutes } from './dialogues.js';
import { registerIncidentRoutes } from './incidents.js';
import { registerMeetingRoutes } from './meetings.js';
import { registerMemberRoutes } from './members.js';
import { registerMessageRoutes } from './messages.js';
import { registerNoticeRoutes } from './notices.js';
import { registerPrivateNoteRoutes } from './private-notes.js';
import { registerQueryRoutes } from './queries.js';
import { registerReadoutRoutes } from './readouts.js';
import { registerRecordRoutes } from './record.js';
import { registerSessionRoutes } from './session.js';
import { registerStreamRoutes, type StreamOptions } from './stream.js';
import { registerTalkRequestRoutes } from './talk-requests.js';
import { registerTimelineRoutes } from './timeline.js';
import { registerTokenRoutes } from './tokens.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerWorkingGroupRoutes } from './working-groups.js';

export function registerRoutes(api: FastifyInstance, deps: HttpDeps, options: { loginRateLimit?: number; stream?: StreamOptions }): void {
  registerSessionRoutes(api, deps, options);
  registerTokenRoutes(api, deps);
  registerMemberRoutes(api, deps);
  registerDialogueRoutes(api, deps);
  registerRecordRoutes(api, deps);
  registerWorkingGroupRoutes(api, deps);
  registerMeetingRoutes(api, deps);
  registerReadoutRoutes(api, deps);
  registerCommitmentRoutes(api, deps);
  registerMessageRoutes(api, deps);
  registerTimelineRoutes(api, deps);
  registerPrivateNoteRoutes(api, deps);
  registerStreamRoutes(api, deps, options.stream);
  registerTalkRequestRoutes(api, deps);
  registerQueryRoutes(api, deps);
  registerNoticeRoutes(api, deps);
  registerWebhookRoutes(api, deps);
  registerAssuranceRoutes(api, deps);
  registerIncidentRoutes(api, deps);
}
