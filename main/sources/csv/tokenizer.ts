/**
 * Splits CSV text into rows of cells, streaming, with the line each row starts on.
 *
 * Written here rather than taken from csv-parse because of what a rep's files do to a parser: with
 * csv-parse 7 an over-long cell (`max_record_size` + `skip_records_with_error`) drops the rest of the
 * file, and one stray quote swallows every row after it. This one keeps memory bounded by the row limit
 * (an oversize cell is counted, not kept, but for its start), and after broken quoting it reports the row
 * and reads on from the next line: from memory when the broken row is small, else by asking the reader to
 * start again from that line. A row with a problem still comes with its cells, for the record of the
 * failed row: past a limit each cell keeps only its first RAW_CELL_CHARS characters.
 */

import { detach, RAW_CELL_CHARS, RAW_MAX_ENTRIES } from './raw-row';

export type RowProblem =
  | { kind: 'cell_too_large'; column: number; chars: number }
  | { kind: 'row_too_large'; chars: number }
  | { kind: 'text_after_quote'; column: number; quoted: string; lines: number }
  | { kind: 'quote_not_closed'; column: number; lines: number };

export interface RawRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /**
   * The cells. In a row with broken quoting, its first line split at each delimiter outside a quote
   * that closes on that line, quotes kept as written.
   */
  cells: string[];
  problem?: RowProblem | undefined;
  /** Cells that are only their start here (over a limit, or in a row over one): the rest was counted, not kept. */
  cut?: number[] | undefined;
  /** Cells after the kept ones of a row over its limit: counted, not kept. */
  cellsLeftOut?: number | undefined;
}

export interface TokenizerLimits {
  maxCellChars: number;
  maxRowChars: number;
}

const QUOTE = 0x22;
const NL = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: an escaped quote, the closing quote, or broken quoting. */
  QuoteSeen,
  /** Spaces after a closing quote, before the delimiter. */
  AfterClose,
}

export class CsvTokenizer {
  /** Set when a broken row was too large to re-read from memory: read the file again from this line. */
  restartAt: number | null = null;

  private readonly delim: number;
  private readonly delimiter: string;
  private readonly limits: TokenizerLimits;
  private line = 1;
  private skipUntil: number;
  private state = State.FieldStart;

  private inRow = false;
  private rowLine = 0;
  private cells: string[] = [];
  private rowChars = 0;
  private rowOverflow = false;
  private problem: RowProblem | undefined;
  private cut: number[] | null = null;
  /** A row with broken quoting, given out once its first line (its cells) has been read to the end. */
  private pending: { line: number; problem: RowProblem; text: string; cut: boolean } | null = null;
  private cellsLeftOut = 0;

  private cell = '';
  private cellChars = 0;
  private cellOverflow = false;
  private cellBlank = true;
  private quoteLine = 0;

  /** The row's raw text from earlier chunks, kept (up to the row limit) to re-read after broken quoting. */
  private carry = '';
  private carryLost = false;

  constructor(delimiter: string, limits: TokenizerLimits, options: { startAtLine?: number } = {}) {
    this.delim = delimiter.charCodeAt(0);
    this.delimiter = delimiter;
    this.limits = limits;
    this.skipUntil = options.startAtLine ?? 1;
  }

  /** Feeds text whose line ends are all '\n'; finished rows are appended to `out`. */
  push(text: string, out: RawRow[]): void {
    if (this.restartAt !== null) return;
    this.run(text, this.inRow ? 0 : -1, out);
  }

  /** The input is over: finishes the last row. */
  end(out: RawRow[]): void {
    this.finish(out);
    if (this.pending) this.flushPending(out);
  }

  private finish(out: RawRow[]): void {
    while (this.restartAt === null) {
      if (this.line < this.skipUntil || !this.inRow) return;
      if (this.state === State.Quoted) {
        const column = this.cells.length;
        const lines = this.line - this.quoteLine + 1;
        const replay = this.broken({ kind: 'quote_not_closed', column, lines }, '', -1, out);
        if (replay === null) return;
        // The rows swallowed by the open quote are read again; what is left open is finished by this loop.
        this.run(replay, -1, out);
        continue;
      }
      this.endCell();
      this.endRow(out);
      return;
    }
  }

  private run(input: string, rowStartIndex: number, out: RawRow[]): void {
    let s = input;
    let n = s.length;
    let i = 0;
    let rowStart = rowStartIndex;
    const delim = this.delim;

    while (i < n) {
      if (this.line < this.skipUntil) {
        const nl = s.indexOf('\n', i);
        if (this.pending?.line === this.line) {
          this.collectPending(s, i, nl === -1 ? n : nl);
          if (nl !== -1) this.flushPending(out);
        }
        if (nl === -1) {
          i = n;
          break;
        }
        this.line++;
        i = nl + 1;
        continue;
      }

      switch (this.state) {
        case State.FieldStart: {
          if (!this.inRow) {
            if (s.charCodeAt(i) === NL) {
              this.line++;
              i++;
              continue;
            }
            this.inRow = true;
            this.rowLine = this.line;
            rowStart = i;
            this.carry = '';
            this.carryLost = false;
          }
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            i++;
            continue;
          }
          this.state = State.Unquoted;
          break;
        }

        case State.Unquoted: {
          let j = i;
          let text = !this.cellBlank;
          let c = 0;
          let opensQuote = false;
          for (; j < n; j++) {
            c = s.charCodeAt(j);
            if (c === delim || c === NL) break;
            if (c === QUOTE && !text) {
              // Spaces before an opening quote (`a, "b, c"`): the quote still opens the cell.
              opensQuote = true;
              break;
            }
            if (!text && c !== SPACE && c !== TAB) text = true;
          }
          if (opensQuote) {
            this.cell = '';
            this.cellChars = 0;
            this.state = State.Quoted;
            this.quoteLine = this.line;
            i = j + 1;
            continue;
          }
          this.append(s, i, j);
          if (text) this.cellBlank = false;
          if (j === n) {
            i = n;
            break;
          }
          this.endCell();
          if (c === NL) {
            this.endRow(out);
            this.line++;
          }
          this.state = State.FieldStart;
          i = j + 1;
          continue;
        }

        case State.Quoted: {
          const q = s.indexOf('"', i);
          const stop = q === -1 ? n : q;
          for (let nl = s.indexOf('\n', i); nl !== -1 && nl < stop; nl = s.indexOf('\n', nl + 1)) this.line++;
          this.append(s, i, stop);
          if (q === -1) {
            i = n;
            break;
          }
          this.state = State.QuoteSeen;
          i = q + 1;
          continue;
        }

        case State.QuoteSeen: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.append('"', 0, 1);
            this.state = State.Quoted;
            i++;
          } else if (c === delim) {
            this.endCell();
            this.state = State.FieldStart;
            i++;
          } else if (c === NL) {
            this.endCell();
            this.endRow(out);
            this.line++;
            this.state = State.FieldStart;
            i++;
          } else if (c === SPACE || c === TAB) {
            this.state = State.AfterClose;
            i++;
          } else {
            const replay = this.broken({ kind: 'text_after_quote', column: this.cells.length, quoted: this.cell.slice(0, 40), lines: this.line - this.quoteLine + 1 }, s, rowStart, out);
            if (replay === null) return;
            s = replay;
            n = s.length;
            i = 0;
            rowStart = -1;
          }
          continue;
        }

        case State.AfterClose: {
          const c = s.charCodeAt(i);
          if (c === SPACE || c === TAB) {
            if (c !== delim) {
              i++;
              continue;
            }
          }
          if (c === delim || c === NL) {
            this.endCell();
            if (c === NL) {
              this.endRow(out);
              this.line++;
            }
            this.state = State.FieldStart;
            i++;
            continue;
          }
          const replay = this.broken({ kind: 'text_after_quote', column: this.cells.length, quoted: this.cell.slice(0, 40), lines: this.line - this.quoteLine + 1 }, s, rowStart, out);
          if (replay === null) return;
          s = replay;
          n = s.length;
          i = 0;
          rowStart = -1;
          continue;
        }
      }
    }

    if (this.inRow && this.line >= this.skipUntil && !this.carryLost) {
      const piece = rowStart >= 0 ? s.slice(rowStart) : '';
      if (this.carry.length + piece.length > this.limits.maxRowChars) {
        this.carryLost = true;
        this.carry = '';
      } else {
        this.carry += piece;
      }
    }
  }

  /**
   * Reports a row with broken quoting and returns the text to read on with: the row's own text from its
   * second line on (plus the rest of this chunk). Null when the row was too large to keep: the reader
   * starts again from the next line (`restartAt`).
   */
  private broken(problem: RowProblem, s: string, rowStart: number, out: RawRow[]): string | null {
    const line = this.rowLine;
    const raw = this.carryLost ? null : this.carry + (rowStart >= 0 ? s.slice(rowStart) : '');
    if (raw !== null) {
      // Its cells are its first line, which may go on in text not read yet: it is gathered while that
      // line is skipped (the replay starts with it), and the row is given out when the line ends.
      this.pending = { line, problem, text: '', cut: false };
    } else {
      // Too large to have kept its text: the cells read before the broken one, and the start of that one.
      const cells = [...this.cells, '"' + this.cell];
      out.push({ line, cells, problem, cut: [...(this.cut ?? []), cells.length - 1] });
    }
    this.resetRow();
    this.state = State.FieldStart;
    if (raw === null) {
      this.restartAt = line + 1;
      return null;
    }
    this.line = line;
    this.skipUntil = line + 1;
    return raw;
  }

  private collectPending(s: string, from: number, to: number): void {
    const p = this.pending!;
    const room = this.limits.maxRowChars - p.text.length;
    if (to - from > room) p.cut = true;
    if (room > 0) p.text += s.slice(from, Math.min(to, from + room));
  }

  private flushPending(out: RawRow[]): void {
    const p = this.pending!;
    this.pending = null;
    const cells = splitAsWritten(p.text, this.delimiter);
    out.push(p.cut ? { line: p.line, cells, problem: p.problem, cut: [cells.length - 1] } : { line: p.line, cells, problem: p.problem });
  }

  private append(s: string, from: number, to: number): void {
    const len = to - from;
    if (len === 0) return;
    this.cellChars += len;
    this.rowChars += len;
    if (!this.cellOverflow && !this.rowOverflow) {
      if (this.cellChars > this.limits.maxCellChars) {
        this.cellOverflow = true;
        this.problem ??= { kind: 'cell_too_large', column: this.cells.length, chars: this.cellChars };
      } else if (this.rowChars > this.limits.maxRowChars) {
        this.rowOverflow = true;
        this.problem ??= { kind: 'row_too_large', chars: this.rowChars };
        for (let c = 0; c < this.cells.length; c++) {
          const cell = this.cells[c]!;
          if (cell.length > RAW_CELL_CHARS) {
            this.cells[c] = detach(cell.slice(0, RAW_CELL_CHARS));
            (this.cut ??= []).push(c);
          }
        }
      } else {
        this.cell = this.cell.length === 0 ? s.slice(from, to) : this.cell + s.slice(from, to);
        return;
      }
    }
    // Past a limit the row is an error: only the start of each cell is kept, for its record; the rest is counted.
    const room = RAW_CELL_CHARS - this.cell.length;
    if (room > 0) this.cell += s.slice(from, from + Math.min(room, len));
    else if (room < 0) this.cell = detach(this.cell.slice(0, RAW_CELL_CHARS));
  }

  private endCell(): void {
    if (this.cellOverflow && this.problem?.kind === 'cell_too_large' && this.problem.column === this.cells.length) {
      this.problem.chars = this.cellChars;
    }
    if (this.rowOverflow && this.cells.length >= RAW_MAX_ENTRIES) {
      this.cellsLeftOut++;
    } else {
      if (this.cellChars > this.cell.length) {
        (this.cut ??= []).push(this.cells.length);
        this.cell = detach(this.cell);
      }
      this.cells.push(this.cell);
    }
    this.cell = '';
    this.cellChars = 0;
    this.cellOverflow = false;
    this.cellBlank = true;
  }

  private endRow(out: RawRow[]): void {
    if (this.problem?.kind === 'row_too_large') this.problem.chars = this.rowChars;
    const row: RawRow = { line: this.rowLine, cells: this.cells };
    if (this.problem) {
      row.problem = this.problem;
      if (this.cut) row.cut = this.cut;
      if (this.cellsLeftOut > 0) row.cellsLeftOut = this.cellsLeftOut;
    }
    out.push(row);
    this.resetRow();
  }

  private resetRow(): void {
    this.inRow = false;
    this.cells = [];
    this.rowChars = 0;
    this.rowOverflow = false;
    this.problem = undefined;
    this.cut = null;
    this.cellsLeftOut = 0;
    this.cell = '';
    this.cellChars = 0;
    this.cellOverflow = false;
    this.cellBlank = true;
    this.carry = '';
    this.carryLost = false;
  }
}

/**
 * A line whose quoting is broken, split the way the rep most likely meant it: at each delimiter, except
 * inside a quote that closes on the line (doubled quotes inside it stay inside); a quote that does not
 * close is text. Every character is kept as written, quotes included, so the rep sees what to fix.
 */
export function splitAsWritten(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let start = 0;
  for (;;) {
    let k = start;
    while (line.charCodeAt(k) === SPACE || line.charCodeAt(k) === TAB) k++;
    let searchFrom = start;
    if (line.charCodeAt(k) === QUOTE) {
      let q = k + 1;
      for (;;) {
        q = line.indexOf('"', q);
        if (q === -1 || line.charCodeAt(q + 1) !== QUOTE) break;
        q += 2;
      }
      if (q !== -1) searchFrom = q + 1;
    }
    const d = line.indexOf(delimiter, searchFrom);
    if (d === -1) {
      cells.push(line.slice(start));
      return cells;
    }
    cells.push(line.slice(start, d));
    start = d + 1;
  }
}
