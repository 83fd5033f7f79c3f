// The universe dashboard: a live journal and fault toggles.
const FAULTS = {
  outage: { kind: "outage" },
  rate_limit: { kind: "rate_limit", limit: 0, window_s: 30 },
  latency: { kind: "latency", latency_ms: 500 },
};

export function followJournal(tbody, badge) {
  const cell = (text, cls) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  };
  window.universe.follow("/_universe/journal/stream", (entry) => {
    const row = document.createElement("tr");
    row.append(
      cell(entry.id), cell(entry.twin), cell(entry.operation), cell(entry.method),
      cell(entry.path), cell(entry.status, entry.status >= 400 ? "status-err" : ""),
      cell(entry.duration_ms.toFixed(1)),
    );
    tbody.prepend(row);
    while (tbody.children.length > 200) tbody.lastChild.remove();
  }, badge);
}

export function wireFaultToggles(buttons) {
  for (const button of buttons) {
    button.addEventListener("click", async () => {
      const { twin, kind } = button.dataset;
      const { faults } = await window.universe.call("/_universe/faults");
      const existing = faults.filter((f) => f.twin === twin && f.kind === kind);
      if (existing.length) {
        for (const fault of existing) {
          await window.universe.call(`/_universe/faults/${fault.id}`, { method: "DELETE" });
        }
        button.setAttribute("aria-pressed", "false");
      } else {
        await window.universe.call("/_universe/faults", {
          method: "POST", body: { twin, ...FAULTS[kind] },
        });
        button.setAttribute("aria-pressed", "true");
      }
    });
  }
}
