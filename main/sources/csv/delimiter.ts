import { CSV_DELIMITERS, type CsvDelimiter } from './types';

const LINES_LOOKED_AT = 50;

/**
 * Picks the delimiter from the first lines: the candidate that splits every line into the same number
 * of cells wins, then the one that splits into more cells (a tab file whose addresses hold commas).
 * Delimiters inside quotes do not count. A file with one column has none; it reads as comma-separated.
 */
export function detectDelimiter(text: string, textIsWholeFile: boolean): CsvDelimiter {
  const perLine = countPerLine(text, textIsWholeFile);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  CSV_DELIMITERS.forEach((delimiter, d) => {
    const counts = perLine.map((c) => c[d]!);
    const mode = modeOf(counts);
    if (mode === 0) return;
    const consistency = counts.filter((c) => c === mode).length / counts.length;
    const score = consistency * 1000 + Math.min(mode, 100);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  });
  return best;
}

/** Delimiter counts per line (outside quotes), for the first lines; a last line cut off by the sample is left out. */
function countPerLine(text: string, textIsWholeFile: boolean): number[][] {
  const codes = CSV_DELIMITERS.map((d) => d.charCodeAt(0));
  const lines: number[][] = [];
  let counts = codes.map(() => 0);
  let inQuotes = false;
  let lineHasText = false;
  for (let i = 0; i < text.length && lines.length < LINES_LOOKED_AT; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      inQuotes = !inQuotes;
      lineHasText = true;
    } else if (!inQuotes && (c === 0x0a || c === 0x0d)) {
      if (lineHasText) lines.push(counts);
      counts = codes.map(() => 0);
      lineHasText = false;
    } else if (!inQuotes) {
      const d = codes.indexOf(c);
      if (d !== -1) counts[d]!++;
      if (c !== 0x20) lineHasText = true;
    }
  }
  if (lineHasText && (textIsWholeFile || lines.length === 0)) lines.push(counts);
  return lines;
}

function modeOf(values: number[]): number {
  const freq = new Map<number, number>();
  let mode = 0;
  let modeFreq = 0;
  for (const v of values) {
    const f = (freq.get(v) ?? 0) + 1;
    freq.set(v, f);
    if (f > modeFreq || (f === modeFreq && v > mode)) {
      mode = v;
      modeFreq = f;
    }
  }
  return mode;
}
