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

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!data.ok) alert(`${url}: ${data.error || data.status}`);
    return data;
  }

  submitOn(document.querySelector("#composer"), (text) => text.startsWith("/")
    ? post("/ui/slack/commands", { channel, text })
    : api("chat.postMessage", { channel, text }));
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

  // Block Kit elements: a click, or a choice once made, goes to the message's app as a
  // block_actions payload.
  const sendAction = async (element, selected) => {
    const { actionId, blockId, ts } = element.dataset;
    await post("/ui/slack/actions", { channel, ts, action_id: actionId, block_id: blockId, selected });
  };
  document.addEventListener("click", async (event) => {
    const button = event.target.closest(".block-button");
    if (button) await sendAction(button);
  });
  document.addEventListener("change", async (event) => {
    const choice = event.target.closest(".block-choice");
    if (choice && choice.value) await sendAction(choice, choice.value);
  });

  // Modals an app opened for the viewer, with their input blocks and a Submit button.
  async function showModal() {
    const { view } = await (await fetch("/ui/slack/modal")).json();
    document.querySelector(".modal-backdrop")?.remove();
    if (!view) return;
    const backdrop = document.createElement("div");
    backdrop.className = "modal-backdrop";
    const form = document.createElement("form");
    form.className = "modal";
    form.dataset.viewId = view.id;
    const title = document.createElement("h2");
    title.textContent = view.title?.text || "";
    form.append(title);
    for (const block of view.blocks || []) {
      const row = document.createElement("label");
      row.className = "modal-block";
      if (block.type === "input") {
        row.append(block.label?.text || "");
        const input = document.createElement(block.element?.multiline ? "textarea" : "input");
        input.name = `${block.block_id}/${block.element?.action_id}`;
        row.append(input);
      } else {
        row.textContent = block.text?.text || "";
      }
      form.append(row);
    }
    const submit = document.createElement("button");
    submit.className = "primary";
    submit.type = "submit";
    submit.textContent = view.submit?.text || "Submit";
    form.append(submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = {};
      for (const input of form.querySelectorAll("input, textarea")) {
        const [block, action] = input.name.split("/");
        values[block] = { ...(values[block] || {}), [action]: input.value };
      }
      await post(`/ui/slack/views/${view.id}/submit`, { values });
      await showModal();
      await refresh();
    });
    backdrop.append(form);
    document.body.append(backdrop);
  }

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
    if (change.operation.startsWith("views.")) showModal();
    else if (change.operation !== "conversations.mark") refresh();
  });
  events.onopen = () => app.classList.add("live");

  document.querySelector("#messages").scrollTop = 1e9;
  markRead();
  showModal();
})();
