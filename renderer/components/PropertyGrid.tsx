/** A read-only name | value table, as Visual Studio's Properties window and SSMS's property pages show one. */
import type { ReactNode } from 'react';

export function PropertyGrid({ label, rows }: { readonly label: string; readonly rows: readonly (readonly [name: string, value: ReactNode])[] }) {
  return (
    <table className="property-grid" aria-label={label}>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
