export {
  createTeamClient,
  TEAM_FINAL_STATES,
  type TeamClient,
  type TeamClientOptions,
  type TeamJob,
  type TeamSubmission,
} from './team-client.js';
export { createTeamPipeline, type TeamPipelineDeps } from './team-pipeline.js';
