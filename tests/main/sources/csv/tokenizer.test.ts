import { describe, expect, it } from 'vitest';
import { RAW_CELL_CHARS } from '../../../../main/sources/csv/raw-row';
import { CsvTokenizer, type RawRow, type TokenizerLimits } from '../../../../main/sources/csv/tokenizer';

const LIMITS: TokenizerLimits = { maxCellChars: 1000, maxRowChars: 5000 };

function tokenize(text: string, options: { chunk?: number; delimiter?: string; limits?: TokenizerLimits; startAtLine?: number } = {}): { rows: RawRow[]; restartAt: number | null } {
  const t = new CsvTokenizer(options.delimiter ?? ',', options.limits ?? LIMITS, { startAtLine: options.startAtLine ?? 1 });
  const rows: RawRow[] = [];
  const size = options.chunk ?? text.length;
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size), rows);
  t.end(rows);
  return { rows, restartAt: t.restartAt };
}

const simple = (rows: RawRow[]) => rows.map((r) => (r.problem ? `${r.line}!${r.problem.kind}` : `${r.line}:${r.cells.join('|')}`));

describe('CsvTokenizer', () => {
  it('splits rows and cells and numbers rows by the line they start on, skipping blank lines', () => {
    const { rows } = tokenize('a,b,c\n1,2,3\n\n4,,6\n7,8,9');
    expect(simple(rows)).toEqual(['1:a|b|c', '2:1|2|3', '4:4||6', '5:7|8|9']);
  });

  it('reads quoted cells with delimiters, doubled quotes and line breaks', () => {
    const { rows } = tokenize('name,note\n"Acme, Inc.","He said ""hi""\nand left"\n"Beta",x\n');
    expect(simple(rows)).toEqual(['1:name|note', '2:Acme, Inc.|He said "hi"\nand left', '4:Beta|x']);
  });

  it('gives the same rows whatever the chunk size', () => {
    const text = 'h1;h2;h3\n"a;1","b""q""",c\n\n"multi\nline";x;"y"\nplain;"  spaced" ;z\nend;;\n"open\n';
    const whole = tokenize(text, { delimiter: ';' });
    for (const chunk of [1, 2, 3, 5, 7, 13]) expect(tokenize(text, { delimiter: ';', chunk })).toEqual(whole);
  });

  it('takes a quote after leading spaces as opening the cell, and allows spaces after the closing quote', () => {
    const { rows } = tokenize('a,b\n  "x, y" , z\n');
    expect(rows[1]!.cells).toEqual(['x, y', ' z']);
  });

  it('keeps a quote inside an unquoted cell as text', () => {
    const { rows } = tokenize('a,b\nJoe\'s "Best" Pizza,1\n');
    expect(rows[1]!.cells).toEqual(['Joe\'s "Best" Pizza', '1']);
  });

  it('reports text after a closing quote and reads on from the next line', () => {
    for (const chunk of [undefined, 1, 4]) {
      const { rows } = tokenize('a,b\n1,2\n"Acme" Ltd,3\n4,5\n', { chunk });
      expect(simple(rows)).toEqual(['1:a|b', '2:1|2', '3!text_after_quote', '4:4|5']);
      expect(rows[2]!.problem).toMatchObject({ column: 0, quoted: 'Acme' });
    }
  });

  it('recovers from a stray opening quote when a later quote shows the quoting is broken', () => {
    const { rows } = tokenize('a,b\n1,"Acme, Inc\n2,Beta\n3,"Gamma",x\n4,Delta\n');
    expect(simple(rows)).toEqual(['1:a|b', '2!text_after_quote', '3:2|Beta', '4:3|Gamma|x', '5:4|Delta']);
  });

  it('recovers from a quote never closed before the end of the file', () => {
    for (const chunk of [undefined, 3]) {
      const { rows } = tokenize('a,b\n1,"Acme\n2,Beta\n3,Gamma\n', { chunk });
      expect(simple(rows)).toEqual(['1:a|b', '2!quote_not_closed', '3:2|Beta', '4:3|Gamma']);
      expect(rows[1]!.problem).toMatchObject({ kind: 'quote_not_closed', column: 1, lines: 4 });
    }
  });

  it('recovers from several broken rows in a row', () => {
    const { rows } = tokenize('a,b\n"x"y,1\n"p"q,2\n3,"open\n4,ok\n');
    expect(simple(rows)).toEqual(['1:a|b', '2!text_after_quote', '3!text_after_quote', '4!quote_not_closed', '5:4|ok']);
  });

  it('makes a row with an oversize cell an error keeping only the start of the cell, and reads on', () => {
    const big = 'x'.repeat(3000);
    for (const chunk of [undefined, 100]) {
      const { rows } = tokenize(`a,b\n1,${big}\n2,"${big}\n${big}"\n3,ok\n`, { chunk });
      expect(simple(rows)).toEqual(['1:a|b', '2!cell_too_large', '3!cell_too_large', '5:3|ok']);
      expect(rows[1]!.problem).toEqual({ kind: 'cell_too_large', column: 1, chars: 3000 });
      expect(rows[2]!.problem).toEqual({ kind: 'cell_too_large', column: 1, chars: 6001 });
      expect(rows[1]!.cells).toEqual(['1', 'x'.repeat(RAW_CELL_CHARS)]);
      expect(rows[1]!.cut).toEqual([1]);
    }
  });

  it('makes an oversize row an error', () => {
    const cells = Array.from({ length: 10 }, () => 'y'.repeat(900)).join(',');
    const { rows } = tokenize(`a\n${cells}\nok\n`);
    expect(simple(rows)).toEqual(['1:a', '2!row_too_large', '3:ok']);
  });

  it('asks to read again from the next line when a broken row was too large to keep', () => {
    const limits = { maxCellChars: 100, maxRowChars: 200 };
    const text = 'a,b\n1,"open\n' + 'r,s\n'.repeat(100) + 'last,row\n';
    const first = tokenize(text, { limits, chunk: 64 });
    expect(simple(first.rows)).toEqual(['1:a|b', '2!quote_not_closed']);
    expect(first.restartAt).toBe(3);
    const again = tokenize(text, { limits, chunk: 64, startAtLine: 3 });
    expect(again.rows).toHaveLength(101);
    expect(again.rows[0]).toEqual({ line: 3, cells: ['r', 's'] });
    expect(again.rows[100]).toEqual({ line: 103, cells: ['last', 'row'] });
  });
});
