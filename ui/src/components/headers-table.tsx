// Name/value pairs (HTTP headers) as a two-column table.

export function HeadersTable({ title, headers }: { title: string; headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  return (
    <section>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <div class="table-scroll">
          <table class="kv">
            <tbody>
              {entries.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td class="mono">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
