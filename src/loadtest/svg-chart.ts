/**
 * Two small SVG charts for the HTML report, drawn here as text so the page needs no script,
 * no library and no network: a line chart (series over time) and a latency histogram on a
 * logarithmic time axis.
 */
const W = 720;
const H = 260;
const PAD = { left: 56, right: 56, top: 16, bottom: 36 };
const BINS_PER_DECADE = 20;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : String(+v.toPrecision(3)));

export interface Series {
  name: string;
  points: Array<[number, number | null]>;
  /** Plot against the right-hand axis. */
  right?: boolean;
}

export function lineChart(
  title: string,
  xLabel: string,
  series: Series[],
  yLabels: [string, string?],
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xMax = Math.max(1, ...xs);
  const maxOf = (right: boolean): number =>
    niceMax(
      Math.max(
        0,
        ...series
          .filter((s) => Boolean(s.right) === right)
          .flatMap((s) => s.points.map((p) => p[1] ?? 0)),
      ),
    );
  const yMaxL = maxOf(false);
  const yMaxR = maxOf(true);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (v: number): number => PAD.left + (v / xMax) * iw;
  const y = (v: number, right: boolean): number =>
    PAD.top + ih - (v / (right ? yMaxR : yMaxL)) * ih;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${iw}" height="${ih}" fill="#fafafa" stroke="#ccc"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const gy = PAD.top + (ih * i) / 4;
    out.push(
      `<line x1="${PAD.left}" x2="${PAD.left + iw}" y1="${gy}" y2="${gy}" stroke="#e5e5e5"/>`,
    );
    out.push(
      `<text x="${PAD.left - 4}" y="${gy + 4}" text-anchor="end" font-size="11">${num((yMaxL * (4 - i)) / 4)}</text>`,
    );
    if (series.some((s) => s.right))
      out.push(
        `<text x="${PAD.left + iw + 4}" y="${gy + 4}" font-size="11">${num((yMaxR * (4 - i)) / 4)}</text>`,
      );
  }
  for (let i = 0; i <= 5; i++) {
    const v = (xMax * i) / 5;
    out.push(
      `<text x="${x(v)}" y="${H - 18}" text-anchor="middle" font-size="11">${num(v)}</text>`,
    );
  }
  out.push(
    `<text x="${PAD.left + iw / 2}" y="${H - 4}" text-anchor="middle" font-size="11">${escapeXml(xLabel)}</text>`,
  );
  out.push(
    `<text x="12" y="${PAD.top + ih / 2}" font-size="11" transform="rotate(-90 12 ${PAD.top + ih / 2})" text-anchor="middle">${escapeXml(yLabels[0])}</text>`,
  );
  if (yLabels[1])
    out.push(
      `<text x="${W - 8}" y="${PAD.top + ih / 2}" font-size="11" transform="rotate(90 ${W - 8} ${PAD.top + ih / 2})" text-anchor="middle">${escapeXml(yLabels[1])}</text>`,
    );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const d: string[] = [];
    let pen = 'M';
    for (const [px, py] of s.points) {
      if (py === null || !Number.isFinite(py)) {
        pen = 'M';
        continue;
      }
      d.push(`${pen}${x(px).toFixed(1)},${y(py, Boolean(s.right)).toFixed(1)}`);
      pen = 'L';
    }
    out.push(
      `<path d="${d.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5"${s.right ? ' stroke-dasharray="4 2"' : ''}/>`,
    );
    out.push(
      `<text x="${PAD.left + 8 + i * 150}" y="${PAD.top + 14}" font-size="12" fill="${colour}">${escapeXml(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Buckets [lowMs, highMs, count] on a log-scale x axis. */
export function histogramChart(title: string, buckets: Array<[number, number, number]>): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
  ];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  out.push(
    `<rect x="${PAD.left}" y="${PAD.top}" width="${iw}" height="${ih}" fill="#fafafa" stroke="#ccc"/>`,
  );
  if (buckets.length === 0) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no samples</text></svg>`);
    return out.join('\n');
  }
  const lo = Math.max(0.001, buckets[0]![0]);
  const hi = Math.max(lo * 10, buckets[buckets.length - 1]![1]);
  const l0 = Math.floor(Math.log10(lo));
  const l1 = Math.ceil(Math.log10(hi));
  const x = (ms: number): number =>
    PAD.left + ((Math.log10(Math.max(ms, 10 ** l0)) - l0) / (l1 - l0)) * iw;
  // Re-bin the fine buckets into equal widths on the log axis, so bars compare fairly.
  const bins = new Array<number>((l1 - l0) * BINS_PER_DECADE).fill(0);
  for (const [a, b, c] of buckets) {
    const mid = Math.log10(Math.max((a + b) / 2, 10 ** l0));
    const i = Math.min(bins.length - 1, Math.floor((mid - l0) * BINS_PER_DECADE));
    bins[i]! += c;
  }
  const peak = Math.max(...bins);
  bins.forEach((c, i) => {
    if (c === 0) return;
    const a = 10 ** (l0 + i / BINS_PER_DECADE);
    const b = 10 ** (l0 + (i + 1) / BINS_PER_DECADE);
    const h = (c / peak) * ih;
    out.push(
      `<rect x="${x(a).toFixed(1)}" y="${(PAD.top + ih - h).toFixed(1)}" width="${Math.max(0.5, x(b) - x(a) - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#1f77b4"><title>${num(a)}–${num(b)} ms: ${c}</title></rect>`,
    );
  });
  for (let e = l0; e <= l1; e++) {
    const v = 10 ** e;
    out.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${PAD.top}" y2="${PAD.top + ih}" stroke="#ddd"/>`,
    );
    out.push(
      `<text x="${x(v)}" y="${H - 18}" text-anchor="middle" font-size="11">${num(v)}</text>`,
    );
  }
  out.push(
    `<text x="${PAD.left + iw / 2}" y="${H - 4}" text-anchor="middle" font-size="11">latency, ms (log scale)</text>`,
  );
  out.push('</svg>');
  return out.join('\n');
}
