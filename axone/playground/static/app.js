// The page: one WebSocket to this tab's session, the controls, the hash that holds every setting.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.search).get("token") || "";
  const state = { catalog: null, run: null, frame: null, settings: null, history: [], session: null, playing: false };
  const FIELDS = ["dataset", "classes", "noise", "points", "ratio", "seed", "features", "layers", "acts", "output",
    "loss", "optimizer", "lr", "hp", "batch", "l1", "l2", "dropout", "table", "x1col", "x2col", "target"];
  let ws = null;

  // ---- the hash: the server parses it; the page only writes it -------------------------------------
  function toHash(s) {
    const parts = [];
    for (const key of FIELDS) {
      let v = s[key];
      if (key === "hp") v = Object.entries(v || {}).map(([k, x]) => `${k}:${x}`).join(";");
      else if (Array.isArray(v)) v = v.join(",");
      if ((key === "table" || key === "x1col" || key === "x2col" || key === "target") && !v) continue;
      parts.push(`${key}=${encodeURIComponent(String(v)).replace(/%2C/g, ",").replace(/%3B/g, ";").replace(/%3A/g, ":")}`);
    }
    return parts.join("&");
  }

  function change(update) {
    const next = { ...state.settings, ...update };
    send({ type: "settings", hash: toHash(next) });
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  // ---- messages from the server -------------------------------------------------------------------
  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    ws = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
    ws.onmessage = (ev) => receive(JSON.parse(ev.data));
    ws.onclose = () => showMessage("The connection to the server is closed: restart `axone playground` and reload.");
  }

  function receive(m) {
    if (m.type === "hello") {
      state.catalog = m.catalog;
      state.session = m.session;
      fillChoices();
      send({ type: "settings", hash: location.hash.slice(1) });
    } else if (m.type === "run") {
      state.run = m;
      state.settings = m.settings;
      state.history = m.history.slice();
      history.replaceState(null, "", `${location.pathname}${location.search}#${m.hash}`);
      showControls();
      Net.build($("net"), m, state.catalog, handlers);
      setPlaying(false);
      showMessage(null);
    } else if (m.type === "frame") {
      state.frame = m;
      if (m.epoch > 0 && (!state.history.length || state.history[state.history.length - 1][0] !== m.epoch)) {
        state.history.push(...m.history);
      }
      drawFrame(m);
      if ("playing" in m) setPlaying(m.playing);
      showMessage(m.message);
    } else if (m.type === "state") {
      setPlaying(m.playing);
    } else if (m.type === "error") {
      showMessage(m.message);
      if (!state.run) send({ type: "settings", hash: "" });
      else showControls(); // the controls show the run that still goes on, not the refused value
    }
  }

  function drawFrame(f) {
    const run = state.run;
    $("epoch").textContent = String(f.epoch);
    $("loss-train").textContent = f.loss_train === null ? "NaN" : f.loss_train.toFixed(4);
    $("loss-test").textContent = f.loss_test === null ? "NaN" : f.loss_test.toFixed(4);
    const map = $("output-map");
    const kind = run.task === "regression" ? "value" : "probability";
    Draw.paint(map, Draw.decode(f.output), run.sizes.output, f.output_units, kind, targetScale(), true);
    const ring = run.task === "regression" ? "#555" : "#fff"; // pale values need a dark ring
    Draw.points(map, run.train, run.domain, run.task, targetScale(), ring);
    if ($("show-test").checked) Draw.points(map, run.test, run.domain, run.task, targetScale(), "#000");
    Draw.axes(map, run.domain);
    Draw.chart($("chart"), state.history);
    Net.update(f, run.sizes);
  }

  function targetScale() {
    const ys = state.run.train.y.concat(state.run.test.y);
    return Math.max(1e-6, ...ys.map(Math.abs));
  }

  function setPlaying(on) {
    state.playing = on;
    $("play").disabled = on;
    $("pause").disabled = !on;
  }

  function showMessage(text) {
    $("message").hidden = !text;
    $("message").textContent = text || "";
  }

  // ---- controls ----------------------------------------------------------------------------------
  function options(select, values, labels) {
    select.innerHTML = values.map((v) => `<option value="${v}">${labels ? labels[v] : v}</option>`).join("");
  }

  function fillChoices() {
    const c = state.catalog;
    options($("dataset"), c.datasets.filter((d) => d !== "csv"));
    options($("optimizer"), Object.keys(c.optimizers));
    options($("loss"), c.losses);
    options($("output"), c.outputs);
  }

  function showControls() {
    const s = state.settings, run = state.run;
    if (s.dataset === "csv" && !$("dataset").querySelector("option[value=csv]")) {
      $("dataset").insertAdjacentHTML("beforeend", '<option value="csv">your table</option>');
    }
    for (const key of ["dataset", "classes", "ratio", "noise", "points", "seed", "lr", "optimizer", "batch", "loss",
      "output", "l1", "l2", "dropout"]) $(key).value = s[key];
    $("ratio-text").textContent = s.ratio;
    $("noise-text").textContent = s.noise;
    $("classes-row").hidden = !["gauss", "spiral"].includes(s.dataset);
    $("remove-layer").disabled = s.layers.length === 0;
    $("add-layer").disabled = s.layers.length >= state.catalog.max_layers;
    const hyper = { ...state.catalog.optimizers[s.optimizer].hyperparameters, ...s.hp };
    $("hyper").innerHTML = Object.entries(hyper).map(([k, v]) =>
      `<label>${k} <input class="hp" data-name="${k}" type="number" step="any" value="${v}"></label>`).join("");
    document.querySelectorAll("#hyper .hp").forEach((input) => {
      input.onchange = () => change({ hp: { ...state.settings.hp, [input.dataset.name]: input.value } });
    });
    $("legend").textContent = run.task === "regression"
      ? "colour: the predicted value (orange negative, blue positive)"
      : `colour: the predicted class (${run.classes} classes, ${run.output} output, ${run.loss})`;
    $("export-model").href = `api/export/${state.session}/model.axone?token=${encodeURIComponent(token)}`;
    $("export-script").href = `api/export/${state.session}/train.py?token=${encodeURIComponent(token)}`;
  }

  const handlers = {
    frame: () => state.frame,
    tip(ev, html) {
      const tip = $("tip");
      if (!ev) { tip.hidden = true; return; }
      tip.innerHTML = html();
      tip.hidden = false;
      const r = ev.currentTarget.getBoundingClientRect();
      tip.style.left = `${Math.min(window.innerWidth - 340, r.right + 8 + window.scrollX)}px`;
      tip.style.top = `${r.top + window.scrollY}px`;
    },
    toggleFeature(name) {
      const on = state.settings.features.includes(name);
      const all = Object.keys(state.catalog.features);
      const features = on ? state.settings.features.filter((f) => f !== name)
        : all.filter((f) => f === name || state.settings.features.includes(f));
      if (features.length) change({ features });
    },
    neurons(l, delta) {
      const layers = state.settings.layers.slice();
      layers[l] = Math.max(1, Math.min(state.catalog.max_neurons, layers[l] + delta));
      change({ layers });
    },
    activation(l, name) {
      const acts = state.settings.acts.slice();
      acts[l] = name;
      change({ acts });
    },
    editWeight(layer, row, column, current) {
      const text = prompt(`New value of this weight of ${layer} (now ${current})`, String(current));
      if (text !== null && text.trim() !== "" && isFinite(Number(text))) {
        send({ type: "weight", layer, row, column, value: Number(text) });
      }
    },
  };

  function bind() {
    $("play").onclick = () => send({ type: "play" });
    $("pause").onclick = () => send({ type: "pause" });
    $("step").onclick = () => send({ type: "step" });
    $("reset").onclick = () => send({ type: "reset" });
    $("add-layer").onclick = () => change({ layers: [...state.settings.layers, 4], acts: [...state.settings.acts, "tanh"] });
    $("remove-layer").onclick = () => change({ layers: state.settings.layers.slice(0, -1), acts: state.settings.acts.slice(0, -1) });
    $("regenerate").onclick = () => change({ seed: Number(state.settings.seed) + 1 });
    $("optimizer").onchange = () => change({ optimizer: $("optimizer").value, hp: {} });
    for (const key of ["dataset", "classes", "ratio", "noise", "points", "seed", "lr", "batch", "loss", "output", "l1",
      "l2", "dropout"]) {
      if (key !== "optimizer") $(key).onchange = () => change({ [key]: $(key).value });
    }
    $("ratio").oninput = () => { $("ratio-text").textContent = $("ratio").value; };
    $("noise").oninput = () => { $("noise-text").textContent = $("noise").value; };
    $("show-test").onchange = () => state.frame && drawFrame(state.frame);
    const solver = document.querySelector(".hover-solver");
    solver.onmouseenter = (ev) => handlers.tip(ev, () => {
      const o = state.catalog.optimizers[state.settings.optimizer];
      const lines = o.formula.map((line) => line.split("$").map((part, i) => (i % 2 ? Net.tex(part) : part)).join(""));
      return `<div class="tip-title">${o.class}: the update rule</div>` + lines.map((l) => `<div>${l}</div>`).join("");
    });
    solver.onmouseleave = () => handlers.tip(null);
    bindUpload();
  }

  function bindUpload() {
    let table = null;
    $("upload").onchange = async () => {
      const file = $("upload").files[0];
      if (!file) return;
      if (file.size > state.catalog.max_upload_bytes) {
        $("upload-note").textContent = `${file.name} is too large: at most ${state.catalog.max_upload_bytes} bytes.`;
        return;
      }
      const reply = await fetch(`api/upload?name=${encodeURIComponent(file.name)}&token=${encodeURIComponent(token)}`,
        { method: "POST", body: file, headers: { "content-type": "text/csv" } });
      if (!reply.ok) { $("upload-note").textContent = await reply.text(); return; }
      table = await reply.json();
      for (const id of ["x1col", "x2col", "target"]) options($(id), table.columns);
      $("x2col").selectedIndex = Math.min(1, table.columns.length - 1);
      $("target").selectedIndex = table.columns.length - 1;
      $("columns").hidden = false;
      $("upload-note").textContent = `${table.name}: ${table.rows} rows, ${table.columns.length} columns.`;
    };
    $("use-table").onclick = () => table && change({
      dataset: "csv", table: table.table, x1col: $("x1col").value, x2col: $("x2col").value, target: $("target").value,
    });
  }

  bind();
  connect();
  // a hash typed or pasted into the address bar: that run (replaceState above does not fire this)
  window.addEventListener("hashchange", () => send({ type: "settings", hash: location.hash.slice(1) }));
  window.addEventListener("resize", () => {
    if (!state.run) return;
    Net.build($("net"), state.run, state.catalog, handlers);
    if (state.frame) Net.update(state.frame, state.run.sizes);
  });
})();
