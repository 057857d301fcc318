/** The <option>s of an office pick list (divisions, field offices), by name. */
export function OfficeOptions({ offices }: { offices: { id: number; name: string }[] }) {
  return (
    <>
      {offices.map((office) => (
        <option key={office.id} value={office.id}>
          {office.name}
        </option>
      ))}
    </>
  );
}
