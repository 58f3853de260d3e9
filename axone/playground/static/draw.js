// Drawing: the maps of the plane (output and neurons), the points, the loss curves.
"use strict";

const Draw = (() => {
  const NEG = [245, 147, 34];   // orange: class 0, negative values
  const POS = [8, 119, 189];    // blue: class 1, positive values
  const WHITE = [255, 255, 255];
  const PALETTE = [NEG, POS, [46, 160, 67], [200, 60, 160], [120, 90, 200], [90, 90, 90]];

  function decode(text) {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return new Float32Array(bytes.buffer);
  }

  function mix(a, b, t) {
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  }

  // a value in [-1, 1]: orange below 0, white at 0, blue above
  function diverging(v) {
    const c = Math.max(-1, Math.min(1, v));
    return c < 0 ? mix(WHITE, NEG, -c) : mix(WHITE, POS, c);
  }

  function classColor(k) {
    return PALETTE[k % PALETTE.length];
  }

  // pixel colours of one map: values (size*size*units) read as probabilities, classes or numbers
  function paint(canvas, values, size, units, kind, scale, soft) {
    const off = document.createElement("canvas");
    off.width = off.height = size;
    const ctx = off.getContext("2d");
    const img = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      let rgb;
      if (kind === "probability" && units === 1) {
        rgb = diverging(2 * values[i] - 1);
      } else if (kind === "probability") {
        let best = 0;
        for (let k = 1; k < units; k++) if (values[i * units + k] > values[i * units + best]) best = k;
        const p = values[i * units + best];
        rgb = mix(WHITE, classColor(best), Math.max(0, (p - 1 / units) / (1 - 1 / units)) * 0.85 + 0.1);
      } else {
        rgb = diverging(values[i] / (scale || 1));
      }
      if (soft) rgb = mix(WHITE, rgb, 0.7); // the output map paler than its points
      img.data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
    const out = canvas.getContext("2d");
    out.imageSmoothingEnabled = true;
    out.clearRect(0, 0, canvas.width, canvas.height);
    out.drawImage(off, 0, 0, canvas.width, canvas.height);
  }

  function pointColor(y, task, scale) {
    return task === "regression" ? diverging(y / (scale || 1)) : classColor(y);
  }

  function points(canvas, set, domain, task, scale, stroke) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width;
    for (let i = 0; i < set.x.length; i++) {
      const [a, b] = set.x[i];
      const px = ((a + domain) / (2 * domain)) * w;
      const py = ((domain - b) / (2 * domain)) * w;
      const c = pointColor(set.y[i], task, scale);
      ctx.beginPath();
      ctx.arc(px, py, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = stroke;
      ctx.stroke();
    }
  }

  function axes(canvas, domain) {
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "rgba(0,0,0,0.55)";
    ctx.font = "10px sans-serif";
    ctx.fillText(`${-domain}`, 3, canvas.height - 4);
    ctx.fillText(`${domain}`, canvas.width - 16, canvas.height - 4);
  }

  // train (grey) and test (black) loss against the epoch
  function chart(canvas, history) {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const finite = history.flatMap((r) => [r[1], r[2]]).filter((v) => v !== null && isFinite(v));
    if (!finite.length) return;
    const top = Math.max(...finite) || 1;
    const last = Math.max(1, history[history.length - 1][0]);
    for (const [col, colour] of [[1, "#999"], [2, "#111"]]) {
      ctx.beginPath();
      history.forEach((r, i) => {
        if (r[col] === null) return;
        const x = (r[0] / last) * (w - 4) + 2, y = h - 2 - (r[col] / top) * (h - 6);
        i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
      });
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  return { decode, paint, points, axes, chart, classColor, diverging };
})();
