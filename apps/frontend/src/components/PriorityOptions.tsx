import { PRIORITIES } from '@todo/contracts/limits';

/** The `<option>`s of a priority select, lowest first. */
export function PriorityOptions() {
  return PRIORITIES.map((p) => (
    <option key={p} value={p}>
      {p}
    </option>
  ));
}
