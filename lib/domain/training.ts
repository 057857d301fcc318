export const MODULE_OWNERS = ['DEA', 'HSI', 'joint'] as const;
export const MODULE_AUDIENCES = ['hsi_agents', 'dea_agents', 'both'] as const;
export const MODULE_STATUSES = ['draft', 'in_review', 'disputed', 'published', 'retired'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];
