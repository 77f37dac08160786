/**
 * Splits CSV text into rows of cells, streaming, with the line each row starts on.
 *
 * Written here rather than taken from csv-parse because of what a rep's files do to a parser: with
 * csv-parse 7 an over-long cell (`max_record_size` + `skip_records_with_error`) drops the rest of the
 * file, and one stray quote swallows every row after it. This one keeps memory bounded by the row limit
 * (an oversize cell is counted, not kept), and after broken quoting it reports the row and reads on from
 * the next line: from memory when the broken row is small, else by asking the reader to start again
 * from that line.
 */

export type RowProblem =
  | { kind: 'cell_too_large'; column: number; chars: number }
  | { kind: 'row_too_large'; chars: number }
  | { kind: 'text_after_quote'; column: number; quoted: string; lines: number }
  | { kind: 'quote_not_closed'; column: number; lines: number };

export interface RawRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  cells: string[];
  problem?: RowProblem | undefined;
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
    out.push({ line, cells: [], problem });
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

  private append(s: string, from: number, to: number): void {
    const len = to - from;
    if (len === 0) return;
    this.cellChars += len;
    this.rowChars += len;
    if (this.cellOverflow || this.rowOverflow) return;
    if (this.cellChars > this.limits.maxCellChars) {
      this.cellOverflow = true;
      this.cell = '';
      this.problem ??= { kind: 'cell_too_large', column: this.cells.length, chars: this.cellChars };
      return;
    }
    if (this.rowChars > this.limits.maxRowChars) {
      this.rowOverflow = true;
      this.cells = [];
      this.cell = '';
      this.problem ??= { kind: 'row_too_large', chars: this.rowChars };
      return;
    }
    this.cell = this.cell.length === 0 ? s.slice(from, to) : this.cell + s.slice(from, to);
  }

  private endCell(): void {
    if (this.cellOverflow && this.problem?.kind === 'cell_too_large' && this.problem.column === this.cells.length) {
      this.problem.chars = this.cellChars;
    }
    if (!this.rowOverflow) this.cells.push(this.cellOverflow ? '' : this.cell);
    else this.cells.length++;
    this.cell = '';
    this.cellChars = 0;
    this.cellOverflow = false;
    this.cellBlank = true;
  }

  private endRow(out: RawRow[]): void {
    if (this.problem?.kind === 'row_too_large') this.problem.chars = this.rowChars;
    out.push(this.problem ? { line: this.rowLine, cells: this.rowOverflow ? [] : this.cells, problem: this.problem } : { line: this.rowLine, cells: this.cells });
    this.resetRow();
  }

  private resetRow(): void {
    this.inRow = false;
    this.cells = [];
    this.rowChars = 0;
    this.rowOverflow = false;
    this.problem = undefined;
    this.cell = '';
    this.cellChars = 0;
    this.cellOverflow = false;
    this.cellBlank = true;
    this.carry = '';
    this.carryLost = false;
  }
}
