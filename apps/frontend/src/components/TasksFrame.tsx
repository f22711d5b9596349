/** The task page's frame while its list is on the way from the backend (streamed with the rest of the page). */
export function TasksFrame() {
  return (
    <main className="tasks" aria-busy="true">
      <header className="top">
        <h1>Tasks</h1>
      </header>
      <p className="muted">Loading tasks…</p>
    </main>
  );
}
