// One filter of a GET filter form: a labelled select whose first option means "no filter".
import { Field } from './field';

export interface FilterOption {
  value: string | number;
  label: string;
}

export function SelectFilter({
  name,
  label,
  anyLabel,
  value,
  options,
  errors,
}: {
  name: string;
  label: string;
  anyLabel: string;
  value: string | undefined;
  options: FilterOption[];
  errors?: string[];
}) {
  return (
    <Field name={name} label={label} errors={errors}>
      {(p) => (
        <select {...p} defaultValue={value ?? ''}>
          <option value="">{anyLabel}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export const officeOptions = (offices: { id: number; name: string }[]): FilterOption[] => offices.map((o) => ({ value: o.id, label: o.name }));
