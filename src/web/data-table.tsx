// A table of figures as the console shows them: a caption, column headings, and rows whose first cell heads
// the row (WCAG 1.3.1: `th scope`), in a wrapper that scrolls sideways on a narrow screen.
import type { Child } from 'hono/jsx';

export interface DataRow {
  head: Child;
  cells: Child[];
}

export function DataTable(props: {
  caption: Child;
  columns: Child[];
  rows: DataRow[];
  id?: string | undefined;
  class?: string | undefined;
}) {
  return (
    <div class="table-wrap">
      <table id={props.id} class={props.class}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.head}</th>
              {r.cells.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
