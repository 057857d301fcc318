import { REVIEW_STAGES } from './workflow-states';

// Goals are set for each clocked stage and for the whole process.
export const CLOCKED_STAGE_GOALS = [...REVIEW_STAGES, 'end_to_end'] as const;
export type GoalStage = (typeof CLOCKED_STAGE_GOALS)[number];

// No official goals exist; these are the proposed defaults an administrator starts from.
export const PROPOSED_DEFAULT_GOALS: Record<GoalStage, number> = {
  hsi_review: 5,
  dea_hq_review: 10,
  division_review: 10,
  dea_decision: 5,
  end_to_end: 30,
};
export const DEFAULT_WARNING_SHARE = 0.8;
