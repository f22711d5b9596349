/** One measured figure; with a baseline measured in the same run, it is also shown as a ratio. */
export interface Row {
  measure: string;
  value: number;
  unit: 'req/s' | 'ms' | 's' | 'MB' | 'MiB' | 'KiB';
  baseline?: { name: string; value: number };
  note?: string;
}

/** A section that could not run here, with the reason (e.g. no Docker engine). */
export interface Skipped {
  section: string;
  reason: string;
}

const digits = (value: number) => (value >= 100 ? 0 : value >= 10 ? 1 : 2);
const figure = (value: number, unit: Row['unit']) => `${value.toFixed(digits(value))} ${unit}`;

function cells(row: Row): string[] {
  const ratio = row.baseline ? `${(row.value / row.baseline.value).toFixed(2)}x` : '';
  const baseline = row.baseline ? `${row.baseline.name}: ${figure(row.baseline.value, row.unit)}` : '';
  return [row.measure, figure(row.value, row.unit), ratio, baseline, row.note ?? ''];
}

const HEADER = ['measure', 'value', 'ratio', 'baseline (same run)', 'note'];

/** The table for a terminal: padded columns. */
export function textTable(rows: Row[], skipped: Skipped[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const text = lines.map((line) =>
    line
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  return [...text, ...skipped.map((s) => `skipped ${s.section}: ${s.reason}`)].join('\n');
}

/** The same table in Markdown, for RESULTS.md. */
export function markdownTable(rows: Row[], skipped: Skipped[]): string {
  const line = (values: string[]) => `| ${values.map((v) => v.replaceAll('|', '\\|')).join(' | ')} |`;
  return [
    line(HEADER),
    line(HEADER.map((_, i) => (i === 1 || i === 2 ? '---:' : '---'))),
    ...rows.map((row) => line(cells(row))),
    ...skipped.map((s) => `\nSkipped ${s.section}: ${s.reason}`),
  ].join('\n');
}
