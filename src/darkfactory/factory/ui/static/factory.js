// A run's page, live: every status the run writes arrives over SSE and redraws the page's parts.
(function () {
  const graph = document.getElementById("graph");
  const run = graph.dataset.run;

  function text(value) {
    const span = document.createElement("span");
    span.textContent = value;
    return span.innerHTML;
  }

  function nodeStates(status) {
    const states = {};
    for (const entry of status.timeline) states[entry.node] = entry.status;
    const names = [...graph.querySelectorAll(".node")].map((g) => g.dataset.node);
    if (status.timeline.length) states[names[0]] = "success";
    if (status.status === "success") states[names[names.length - 1]] = "success";
    return states;
  }

  function draw(status) {
    const states = nodeStates(status);
    for (const g of graph.querySelectorAll(".node")) {
      g.setAttribute("class", "node " + (states[g.dataset.node] || "pending"));
    }
    const badge = document.getElementById("run-status");
    badge.textContent = status.status;
    badge.className = "state " + status.status;
    document.getElementById("run-reason").textContent = status.reason || "";
    document.getElementById("timeline").innerHTML = status.timeline.map((e, i) =>
      `<tr><td><a href="/runs/${run}/stages/${i}">${text(e.node)}</a></td><td>${e.iteration}</td>` +
      `<td><span class="state ${e.status}">${e.status}</span></td>` +
      `<td>$${(e.usd || 0).toFixed(4)}</td><td><code>${(e.commit || "").slice(0, 10)}</code></td></tr>`
    ).join("");
    document.getElementById("satisfaction").innerHTML = status.satisfaction.map((s) =>
      `<div class="bar" data-iteration="${s.iteration}">iteration ${s.iteration}` +
      `<span class="fill" style="width:${Math.round(s.value * 200)}px"></span>${s.value.toFixed(2)}</div>`
    ).join("") || '<p class="hint">No holdout run yet.</p>';
    const stages = (status.spend && status.spend.by_stage) || {};
    document.getElementById("cost").innerHTML = Object.entries(stages).map(([name, t]) =>
      `<tr data-stage="${text(name)}"><td>${text(name)}</td><td>${t.calls}</td><td>${t.tokens}</td>` +
      `<td>$${t.usd.toFixed(4)}</td></tr>`
    ).join("");
    const total = (status.spend && status.spend.total) || {tokens: 0, usd: 0};
    document.getElementById("total").textContent =
      `total: ${total.tokens} tokens, $${total.usd.toFixed(4)}`;
  }

  draw(JSON.parse(document.getElementById("run-data").textContent));
  const live = document.getElementById("live");
  const events = new EventSource(`/runs/${run}/events`);
  events.onopen = () => live.classList.add("on");
  events.onmessage = (message) => {
    const status = JSON.parse(message.data);
    draw(status);
    if (status.status !== "running") { events.close(); live.classList.remove("on"); }
  };
  events.onerror = () => { events.close(); live.classList.remove("on"); };
})();
