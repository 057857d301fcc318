import { REVIEW_STAGES, STATE_LABELS } from './workflow-states';

// Goals are set for each clocked stage and for the whole process.
export const CLOCKED_STAGE_GOALS = [...REVIEW_STAGES, 'end_to_end'] as const;
export type GoalStage = (typeof CLOCKED_STAGE_GOALS)[number];

export const GOAL_STAGE_LABELS: Record<GoalStage, string> = {
  hsi_review: STATE_LABELS.hsi_review,
  dea_hq_review: STATE_LABELS.dea_hq_review,
  division_review: STATE_LABELS.division_review,
  dea_decision: STATE_LABELS.dea_decision,
  end_to_end: 'End to end',
};

// No official goals exist; these are the proposed defaults an administrator starts from.
export const PROPOSED_DEFAULT_GOALS: Record<GoalStage, number> = {
  hsi_review: 5,
  dea_hq_review: 10,
  division_review: 10,
  dea_decision: 5,
  end_to_end: 30,
};
export const DEFAULT_WARNING_SHARE = 0.8;
