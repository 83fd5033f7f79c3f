// Conversations page of the LLM twins: append new exchanges as the twin answers them.
(() => {
  const app = document.querySelector(".llm-app");
  if (!app) return;
  const provider = app.dataset.provider;
  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const params = new URLSearchParams({ since: app.dataset.lastId });
      if (app.dataset.model) params.set("model", app.dataset.model);
      const fresh = await window.universe.call(`/ui/${provider}/fresh?${params}`);
      document.getElementById("models").innerHTML = fresh.models;
      if (!app.dataset.model && fresh.chosen) {
        app.dataset.model = fresh.chosen;
        document.getElementById("conversation-title").textContent = fresh.chosen;
      }
      document.getElementById("exchanges").insertAdjacentHTML("beforeend", fresh.cards);
      app.dataset.lastId = fresh.last_id;
    } finally {
      refreshing = false;
    }
  }
  window.universe.follow("/_universe/journal/stream", (entry) => {
    if (entry.twin === provider && !entry.path.includes("/_")) refresh();
  }, document.getElementById("live"));
})();
