// The network drawn as in the course: columns of neurons, each with its own map of the plane,
// edges coloured by the weight's sign and as wide as its size; the formulas on hover.
"use strict";

const Net = (() => {
  const NODE = 40, GAP = 54, TOP = 58;
  const TEX = {
    x1: "x_1", x2: "x_2", x1sq: "x_1^2", x2sq: "x_2^2", x1x2: "x_1 x_2", sinx1: "\\sin x_1", sinx2: "\\sin x_2",
  };
  const ACT = {
    step: "y = \\begin{cases} 1 & z \\ge 0 \\\\ 0 & z < 0 \\end{cases}",
    relu: "y = \\max(0, z)",
    softplus: "y = \\ln(1 + e^{z})",
    leaky_relu: "y = \\max(0.01\\,z,\\ z)",
    elu: "y = \\begin{cases} z & z > 0 \\\\ e^{z} - 1 & z \\le 0 \\end{cases}",
    sigmoid: "y = \\sigma(z) = \\dfrac{1}{1 + e^{-z}}",
    tanh: "y = \\tanh z = \\dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
    linear: "y = z",
    softmax: "y_k = \\dfrac{e^{z_k}}{\\sum_j e^{z_j}}",
  };
  let view = null; // {columns: [{x, nodes: [{y, canvas}]}], svg}

  function tex(latex) {
    try {
      return katex.renderToString(latex, { throwOnError: false, displayMode: false });
    } catch (e) {
      return latex;
    }
  }

  function num(v) {
    return (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0)) ? v.toExponential(2) : v.toFixed(3);
  }

  // z = b + sum w_i x_i with the current numbers, then y = f(z)
  function neuronFormula(layerIndex, unit, run, frame) {
    const layer = frame.weights[layerIndex];
    const inputs = layerIndex === 0
      ? run.features.map((f) => TEX[f.name])
      : frame.weights[layerIndex - 1].bias.map((_, j) => `h^{(${layerIndex})}_{${j + 1}}`);
    const terms = layer.kernel.map((row, i) => {
      const w = row[unit];
      return `${w < 0 ? "-" : "+"} ${num(Math.abs(w))}\\,${inputs[i]}`;
    });
    const act = run.layers[layerIndex].activation;
    const name = layerIndex === run.layers.length - 1 ? "output" : `hidden ${layerIndex + 1}`;
    return `<div class="tip-title">${name}, neuron ${unit + 1} (${act})</div>` +
      `<div>${tex("z = b + \\sum_i w_i x_i")}</div>` +
      `<div>${tex(`z = ${num(layer.bias[unit])} ${terms.join(" ")}`)}</div>` +
      `<div>${tex(ACT[act] || "y = f(z)")}</div>`;
  }

  function build(container, run, catalog, handlers) {
    container.querySelectorAll(".node, .col-head").forEach((e) => e.remove());
    const svg = container.querySelector("#edges");
    const all = Object.keys(catalog.features);
    const columns = [];
    const LEFT = 64; // room for the inputs' labels
    // at least 100 px a column (a deep network scrolls sideways rather than piling up)
    const room = (container.parentElement.clientWidth || 640) - 30;
    const width = Math.max(room, LEFT + NODE + 40 + run.layers.length * 100);
    container.style.width = `${width}px`;
    const step = (width - LEFT - NODE - 40) / Math.max(1, run.layers.length);
    // the inputs: every feature, the chosen ones lit
    const inputs = { x: LEFT, nodes: [] };
    all.forEach((name, i) => {
      const on = run.features.some((f) => f.name === name);
      const node = makeNode(container, LEFT, TOP + i * GAP, on ? "" : "off");
      node.title = `${catalog.features[name]}: click to ${on ? "remove" : "use"} this input`;
      node.dataset.feature = name;
      node.onclick = () => handlers.toggleFeature(name);
      const label = document.createElement("span");
      label.className = "node-label";
      label.textContent = catalog.features[name];
      node.appendChild(label);
      if (on) inputs.nodes.push({ y: TOP + i * GAP, canvas: node.querySelector("canvas") });
    });
    columns.push(inputs);
    run.layers.forEach((layer, l) => {
      const x = LEFT + (l + 1) * step;
      const column = { x, nodes: [] };
      const hidden = l < run.layers.length - 1;
      head(container, x, l, layer, hidden, catalog, handlers);
      for (let u = 0; u < layer.units; u++) {
        const y = TOP + u * GAP;
        const node = makeNode(container, x, y, hidden ? "" : "out");
        node.onmouseenter = (ev) => handlers.tip(ev, () => neuronFormula(l, u, run, handlers.frame()));
        node.onmouseleave = () => handlers.tip(null);
        column.nodes.push({ y, canvas: node.querySelector("canvas") });
      }
      columns.push(column);
    });
    const rows = Math.max(all.length, ...run.layers.map((l) => l.units));
    container.style.height = `${TOP + rows * GAP + 10}px`;
    svg.setAttribute("width", width);
    svg.setAttribute("height", TOP + rows * GAP + 10);
    view = { columns, svg, run, handlers };
  }

  function head(container, x, l, layer, hidden, catalog, handlers) {
    const box = document.createElement("div");
    box.className = "col-head";
    box.style.left = `${x - 22}px`;
    if (!hidden) {
      box.innerHTML = `<div class="col-title">output</div><div class="col-sub">${layer.activation}</div>`;
      container.appendChild(box);
      return;
    }
    const options = catalog.activations.map((a) => `<option ${a === layer.activation ? "selected" : ""}>${a}</option>`);
    box.innerHTML = `<div class="col-title"><button class="mini" data-testid="remove-neuron-${l + 1}">&minus;</button>` +
      ` ${layer.units} <button class="mini" data-testid="add-neuron-${l + 1}">+</button></div>` +
      `<select data-testid="activation-${l + 1}" title="activation of hidden layer ${l + 1}">${options.join("")}</select>`;
    const [minus, plus] = box.querySelectorAll("button");
    minus.onclick = () => handlers.neurons(l, -1);
    plus.onclick = () => handlers.neurons(l, +1);
    box.querySelector("select").onchange = (ev) => handlers.activation(l, ev.target.value);
    container.appendChild(box);
  }

  function makeNode(container, x, y, extra) {
    const node = document.createElement("div");
    node.className = `node ${extra}`;
    node.style.left = `${x}px`;
    node.style.top = `${y}px`;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = NODE;
    node.appendChild(canvas);
    container.appendChild(node);
    return node;
  }

  // every frame: the neurons' maps and the edges
  function update(frame, sizes) {
    if (!view) return;
    const n = sizes.neuron;
    frame.neurons.forEach((layer, c) => {
      const column = view.columns[c];
      if (!column) return;
      const values = Draw.decode(layer.maps);
      column.nodes.forEach((node, u) => {
        const one = values.subarray(u * n * n, (u + 1) * n * n);
        let top = 0;
        for (const v of one) top = Math.max(top, Math.abs(v));
        Draw.paint(node.canvas, one, n, 1, "value", top > 0 ? top : 1);
      });
    });
    edges(frame);
  }

  function edges(frame) {
    const svg = view.svg;
    svg.innerHTML = "";
    frame.weights.forEach((layer, l) => {
      const from = view.columns[l], to = view.columns[l + 1];
      if (!from || !to) return;
      layer.kernel.forEach((row, i) => row.forEach((w, j) => {
        const a = from.nodes[i], b = to.nodes[j];
        if (!a || !b) return;
        const x1 = from.x + NODE, y1 = a.y + NODE / 2, x2 = to.x, y2 = b.y + NODE / 2;
        const mid = (x1 + x2) / 2;
        const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        const line = document.createElementNS("http://www.w3.org/2000/svg", "path");
        line.setAttribute("d", d);
        line.setAttribute("class", `edge ${w < 0 ? "neg" : "pos"}`);
        line.setAttribute("stroke-width", Math.min(7, 0.4 + 1.6 * Math.abs(w)).toFixed(2));
        const hit = document.createElementNS("http://www.w3.org/2000/svg", "path");
        hit.setAttribute("d", d);
        hit.setAttribute("class", "edge-hit");
        hit.dataset.testid = `edge-${layer.name}-${i}-${j}`;
        hit.onmouseenter = (ev) => view.handlers.tip(ev, () =>
          `<div class="tip-title">${layer.name}: weight from input ${i + 1} to neuron ${j + 1}</div>` +
          `<div>${tex(`w_{${i + 1}${j + 1}} = ${num(w)}`)}</div><div class="note">click to set it</div>`);
        hit.onmouseleave = () => view.handlers.tip(null);
        hit.onclick = () => view.handlers.editWeight(layer.name, i, j, w);
        svg.appendChild(line);
        svg.appendChild(hit);
      }));
    });
  }

  return { build, update, tex };
})();
