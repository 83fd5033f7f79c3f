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

  // AI apps: a new chat in the app's DM starts an assistant thread; a suggested prompt is sent
  // in its thread as the viewer's message.
  const newChat = document.querySelector("#new-chat");
  if (newChat) newChat.addEventListener("click", async () => {
    const opened = await post("/slack/_assistant/threads", { app_id: newChat.dataset.app, user: app.dataset.me });
    if (opened.ok) window.location = `/ui/slack/c/${opened.channel_id}/t/${opened.thread_ts}`;
  });
  document.addEventListener("click", async (event) => {
    const prompt = event.target.closest(".suggested-prompt");
    if (!prompt) return;
    await api("chat.postMessage", { channel, text: prompt.dataset.message, thread_ts: thread });
    await refresh();
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

  // External selects ask the app for options as the viewer types (block_suggestion); a choice
  // among them is sent like any other.
  async function loadOptions(input, where) {
    const { actionId, blockId } = input.dataset;
    const answer = await post("/ui/slack/options",
      { ...where, action_id: actionId, block_id: blockId, value: input.value });
    const list = document.getElementById(input.getAttribute("list"));
    list.replaceChildren(...(answer.options || []).map((o) => {
      const option = document.createElement("option");
      option.value = o.value;
      option.label = o.text?.text || o.value;
      return option;
    }));
  }
  const offered = (input) =>
    [...document.getElementById(input.getAttribute("list")).options].some((o) => o.value === input.value);
  document.addEventListener("input", async (event) => {
    const input = event.target.closest(".block-external");
    if (input && !input.closest(".modal")) await loadOptions(input, { channel, ts: input.dataset.ts });
  });
  document.addEventListener("change", async (event) => {
    const input = event.target.closest(".block-external");
    if (input && !input.closest(".modal") && offered(input)) await sendAction(input, input.value);
  });

  // Shortcuts: the ⚡ menu offers every app's global shortcuts, a message's ⋯ menu its message
  // shortcuts; choosing one sends it to its app.
  async function shortcutMenu(anchor, type, where) {
    document.querySelector(".shortcut-menu")?.remove();
    const { shortcuts } = await (await fetch("/ui/slack/shortcuts")).json();
    const menu = document.createElement("div");
    menu.className = "shortcut-menu";
    for (const shortcut of shortcuts.filter((s) => s.type === type)) {
      const item = document.createElement("button");
      item.type = "button";
      item.textContent = `${shortcut.name} · ${shortcut.app_name}`;
      item.addEventListener("click", async () => {
        menu.remove();
        await post("/ui/slack/shortcuts",
          { callback_id: shortcut.callback_id, app_id: shortcut.app_id, ...where });
        await refresh();
      });
      menu.append(item);
    }
    if (!menu.children.length) menu.textContent = "No shortcuts";
    anchor.after(menu);
  }
  document.addEventListener("click", async (event) => {
    if (event.target.closest("#shortcuts")) await shortcutMenu(event.target, "global", {});
    const more = event.target.closest(".message-menu");
    if (more) await shortcutMenu(more, "message", { channel, ts: more.dataset.ts });
  });

  // Modals an app opened for the viewer: their blocks and elements, Submit and Close. A choice
  // on an element outside an input block goes to the app at once (block_actions with the view).
  function option(o) {
    const element = document.createElement("option");
    element.value = o.value;
    element.textContent = o.text?.text || o.value;
    return element;
  }

  function control(e, blockId, view) {
    const named = (node) => {
      node.dataset.actionId = e.action_id;
      node.dataset.blockId = blockId;
      node.dataset.type = e.type;
      node.name = `${blockId}/${e.action_id}`;
      node.classList.add("view-element");
      return node;
    };
    if (e.type === "button") {
      const button = named(document.createElement("button"));
      button.type = "button";
      button.textContent = e.text?.text || "";
      return button;
    }
    if (e.type === "checkboxes" || e.type === "radio_buttons") {
      const group = named(document.createElement("div"));
      for (const o of e.options || []) {
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = e.type === "checkboxes" ? "checkbox" : "radio";
        box.name = `${blockId}/${e.action_id}`;
        box.value = o.value;
        label.append(box, o.text?.text || o.value);
        group.append(label);
      }
      return group;
    }
    if (["static_select", "overflow", "multi_static_select"].includes(e.type)) {
      const select = named(document.createElement("select"));
      select.multiple = e.type === "multi_static_select";
      if (!select.multiple) select.append(option({ value: "", text: { text: "" } }));
      const groups = e.option_groups || [];
      select.append(...(e.options || []).map(option), ...groups.flatMap((g) => g.options.map(option)));
      return select;
    }
    if (e.type === "external_select") {
      const input = named(document.createElement("input"));
      const list = document.createElement("datalist");
      list.id = `options-${view.id}-${blockId}-${e.action_id}`;
      input.setAttribute("list", list.id);
      input.addEventListener("input", () => loadOptions(input, { view_id: view.id }));
      const holder = document.createElement("span");
      holder.append(input, list);
      input.holder = holder;
      return input;
    }
    const input = named(document.createElement(
      e.multiline || e.type === "rich_text_input" ? "textarea" : "input"));
    if (e.type === "datepicker") input.type = "date";
    if (e.type === "timepicker") input.type = "time";
    return input;
  }

  function chosen(node) {
    if (node.tagName === "DIV") {
      const picked = [...node.querySelectorAll("input:checked")].map((box) => box.value);
      return node.dataset.type === "checkboxes" ? picked : picked[0];
    }
    if (node.multiple) return [...node.selectedOptions].map((o) => o.value);
    return node.value;
  }

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
    const act = async (node, selected) => post(`/ui/slack/views/${view.id}/actions`,
      { action_id: node.dataset.actionId, block_id: node.dataset.blockId, selected });
    for (const block of view.blocks || []) {
      const row = document.createElement(block.type === "input" ? "label" : "div");
      row.className = "modal-block";
      const elements = block.type === "actions" ? block.elements || []
        : [block.element || block.accessory].filter(Boolean);
      row.append(block.label?.text || block.text?.text || "");
      for (const e of elements) {
        const node = control(e, block.block_id, view);
        row.append(node.holder || node);
        if (block.type === "input") continue;
        if (e.type === "button") node.addEventListener("click", () => act(node));
        else node.addEventListener("change", () => act(node, chosen(node)));
      }
      form.append(row);
    }
    const buttons = document.createElement("div");
    buttons.className = "modal-buttons";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = view.close?.text || "Cancel";
    close.addEventListener("click", async () => {
      await post(`/ui/slack/views/${view.id}/close`, {});
      await showModal();
    });
    buttons.append(close);
    if (view.submit) {
      const submit = document.createElement("button");
      submit.className = "primary";
      submit.type = "submit";
      submit.textContent = view.submit.text;
      buttons.append(submit);
    }
    form.append(buttons);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = {};
      for (const block of view.blocks || []) {
        if (block.type !== "input" || !block.element) continue;
        const node = form.querySelector(
          `.view-element[data-block-id="${block.block_id}"][data-action-id="${block.element.action_id}"]`);
        const value = chosen(node);
        if (value === "" || (Array.isArray(value) && !value.length) || value === undefined) continue;
        values[block.block_id] = { [block.element.action_id]: value };
      }
      await post(`/ui/slack/views/${view.id}/submit`, { values });
      await showModal();
      await refresh();
    });
    backdrop.append(form);
    document.body.append(backdrop);
  }

  // Legacy dialogs (dialog.open): text, textarea and select elements, Submit and Cancel; the
  // app's errors show beside their fields.
  async function showDialog() {
    const { dialog } = await (await fetch("/ui/slack/dialog")).json();
    document.querySelector(".dialog-backdrop")?.remove();
    if (!dialog) return;
    const backdrop = document.createElement("div");
    backdrop.className = "modal-backdrop dialog-backdrop";
    const form = document.createElement("form");
    form.className = "modal dialog";
    const title = document.createElement("h2");
    title.textContent = dialog.title;
    form.append(title);
    const at = `/ui/slack/dialogs/${dialog.id}`;
    for (const e of dialog.elements) {
      const row = document.createElement("label");
      row.className = "modal-block";
      row.append(e.label);
      let field;
      if (e.type === "select" && (e.data_source || "static") === "static") {
        field = document.createElement("select");
        field.append(option({ value: "", text: { text: "" } }),
          ...(e.options || []).map((o) => option({ value: o.value, text: { text: o.label } })));
      } else {
        field = document.createElement(e.type === "textarea" ? "textarea" : "input");
      }
      field.name = e.name;
      if (e.data_source === "external") {
        const list = document.createElement("datalist");
        list.id = `dialog-${dialog.id}-${e.name}`;
        field.setAttribute("list", list.id);
        field.addEventListener("input", async () => {
          const answer = await post(`${at}/options`, { name: e.name, value: field.value });
          list.replaceChildren(...(answer.options || []).map((o) => {
            const choice = document.createElement("option");
            choice.value = o.value;
            choice.label = o.label || o.value;
            return choice;
          }));
        });
        row.append(list);
      }
      const problem = document.createElement("small");
      problem.className = "dialog-error";
      problem.dataset.name = e.name;
      row.append(field, problem);
      form.append(row);
    }
    const buttons = document.createElement("div");
    buttons.className = "modal-buttons";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", async () => {
      await post(`${at}/cancel`, {});
      await showDialog();
    });
    const submit = document.createElement("button");
    submit.className = "primary";
    submit.textContent = dialog.submit_label || "Submit";
    buttons.append(cancel, submit);
    form.append(buttons);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const submission = Object.fromEntries(
        [...form.querySelectorAll("[name]")].map((field) => [field.name, field.value]));
      const answer = await post(`${at}/submit`, { submission });
      for (const problem of form.querySelectorAll(".dialog-error")) problem.textContent = "";
      for (const { name, error } of answer.errors || []) {
        form.querySelector(`.dialog-error[data-name="${name}"]`).textContent = error;
      }
      if (answer.ok && !(answer.errors || []).length) await showDialog();
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
    else if (change.operation === "dialog.open") showDialog();
    else if (change.operation !== "conversations.mark") refresh();
  });
  // Whatever changed between rendering the page and hearing of changes is fetched once then.
  events.onopen = async () => {
    await refresh();
    app.classList.add("live");
  };

  document.querySelector("#messages").scrollTop = 1e9;
  markRead();
  showModal();
  showDialog();
})();
