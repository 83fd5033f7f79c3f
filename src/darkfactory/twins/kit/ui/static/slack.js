// The Slack twin's client: every action is a Web API call made with the viewing user's token.
(() => {
  const app = document.querySelector(".slack-app");
  if (!app) return;
  const { channel, token } = app.dataset;
  const thread = app.dataset.thread || null;

  async function api(method, args) {
    const response = await fetch(`/slack/api/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
    const data = await response.json();
    if (!data.ok) {
      alert(`${method}: ${data.error}`);
      throw new Error(data.error);
    }
    return data;
  }

  function latestTs() {
    const stamps = [...document.querySelectorAll("#messages .message")].map((m) => m.dataset.ts);
    return stamps.length ? stamps[stamps.length - 1] : null;
  }

  async function markRead() {
    const ts = latestTs();
    if (ts && app.dataset.member === "true") await api("conversations.mark", { channel, ts });
  }

  function submitOn(form, send) {
    if (!form) return;
    const box = form.querySelector("textarea");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = box.value.trim();
      if (!text) return;
      await send(text);
      box.value = "";
      await refresh();
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  submitOn(document.querySelector("#composer"), (text) => api("chat.postMessage", { channel, text }));
  submitOn(document.querySelector("#reply-composer"),
    (text) => api("chat.postMessage", { channel, text, thread_ts: thread }));

  document.querySelector("#viewer").addEventListener("change", (event) => {
    window.location = `${window.location.pathname}?as=${event.target.value}`;
  });
  const join = document.querySelector("#join");
  if (join) join.addEventListener("click", async () => {
    await api("conversations.join", { channel });
    window.location.reload();
  });

  function wireSidebar() {
    document.querySelector("#create-channel").addEventListener("click", async () => {
      const name = prompt("Name of the new channel");
      if (!name) return;
      const created = await api("conversations.create", { name });
      window.location = `/ui/slack/c/${created.channel.id}`;
    });
    document.querySelector("#start-dm").addEventListener("click", async () => {
      const viewer = document.querySelector("#viewer");
      const names = [...viewer.options].map((o) => `${o.textContent} (${o.value})`).join("\n");
      const who = prompt(`Start a DM with (user id):\n${names}`);
      if (!who) return;
      const opened = await api("conversations.open", { users: who.trim() });
      window.location = `/ui/slack/c/${opened.channel.id}`;
    });
  }
  wireSidebar();

  async function refresh() {
    const query = thread ? `?thread=${thread}` : "";
    const response = await fetch(`/ui/slack/c/${channel}/live${query}`);
    if (!response.ok) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    for (const part of ["sidebar", "messages", "thread"]) {
      const fresh = holder.querySelector(`#live-${part}`);
      const target = document.querySelector(`#${part}`);
      if (fresh && target) target.innerHTML = fresh.innerHTML;
    }
    wireSidebar();
    const list = document.querySelector("#messages");
    list.scrollTop = list.scrollHeight;
    await markRead();
  }

  const events = new EventSource("/ui/slack/events");
  events.addEventListener("change", (event) => {
    const change = JSON.parse(event.data);
    if (change.operation !== "conversations.mark") refresh();
  });
  events.onopen = () => app.classList.add("live");

  document.querySelector("#messages").scrollTop = 1e9;
  markRead();
})();
