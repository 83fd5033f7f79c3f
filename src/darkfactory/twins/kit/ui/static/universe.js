// Shared helpers for universe pages: JSON calls and server-sent events.
window.universe = {
  async call(url, options = {}) {
    const response = await fetch(url, {
      headers: { "content-type": "application/json" }, ...options,
      body: options.body && typeof options.body !== "string" ? JSON.stringify(options.body) : options.body,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  },
  follow(url, onEvent, liveBadge) {
    const source = new EventSource(url);
    source.onopen = () => liveBadge && liveBadge.classList.add("on");
    source.onerror = () => liveBadge && liveBadge.classList.remove("on");
    source.onmessage = (event) => onEvent(JSON.parse(event.data));
    source.addEventListener("request", (event) => onEvent(JSON.parse(event.data)));
    return source;
  },
};
