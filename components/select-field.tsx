// A labelled select whose first, empty option is a placeholder: "Any office" in a filter form,
// "Choose an agency" in an entry form.
import { Field } from './field';

export interface SelectOption {
  value: string | number;
  label: string;
}

export function SelectField({
  name,
  label,
  placeholder,
  value,
  options,
  errors,
}: {
  name: string;
  label: string;
  placeholder: string;
  value: string | undefined;
  options: SelectOption[];
  errors?: string[];
}) {
  return (
    <Field name={name} label={label} errors={errors}>
      {(p) => (
        <select {...p} defaultValue={value ?? ''}>
          <option value="">{placeholder}</option>
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

export const officeOptions = (offices: { id: number; name: string }[]): SelectOption[] => offices.map((o) => ({ value: o.id, label: o.name }));
