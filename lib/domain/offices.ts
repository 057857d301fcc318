export const AGENCIES = ['HSI', 'DEA'] as const;
export type Agency = (typeof AGENCIES)[number];

// HSI has headquarters and field (SAC) offices; DEA has headquarters and field divisions.
export const OFFICE_KINDS = ['headquarters', 'field_office', 'division'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

export const OFFICE_KIND_LABELS: Record<OfficeKind, string> = {
  headquarters: 'Headquarters',
  field_office: 'HSI field office',
  division: 'DEA division',
};
