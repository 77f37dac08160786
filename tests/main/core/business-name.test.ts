import { describe, expect, it } from 'vitest';
import { nameNumbers, nameWords, normaliseName, similarityBlocks, wordSkeleton } from '../../../main/core/business-name';

describe('similarity blocks', () => {
  it('file two spellings and word orders of one practice under a shared block', () => {
    const csv = similarityBlocks({ name: 'Dr. Müller Zahnarztpraxis GmbH', city: 'Berlin' });
    const osm = similarityBlocks({ name: 'Zahnarztpraxis Dr. Mueller', city: 'Berlin' });
    expect(csv).toEqual(['berlin|mlr|', 'berlin|zhnrztprxs|']);
    expect(osm).toEqual(['berlin|zhnrztprxs|', 'berlin|mlr|']);
    expect(similarityBlocks({ name: 'Bright Harbour Dental', city: 'Portland' })).toEqual(similarityBlocks({ name: 'Bright Harbor Dental', city: 'Portland' }));
    expect(similarityBlocks({ name: 'Zahnarztpraxis Dr. Becker', city: 'Berlin' })).toEqual(['berlin|zhnrztprxs|', 'berlin|bckr|']);
  });

  it('keep the town and the numbers of the name, and drop titles and initials', () => {
    expect(similarityBlocks({ name: 'Sunrise Bakery Branch 2', city: 'Leeds' })).toEqual(['leeds|snrs|2', 'leeds|brnch|2']);
    expect(similarityBlocks({ name: 'Sunrise Bakery Branch 12', city: 'Leeds' })).toEqual(['leeds|snrs|12', 'leeds|brnch|12']);
    expect(similarityBlocks({ name: 'Prof. Dr. med. A. Weber', city: 'Köln' })).toEqual(['koln|wbr|']);
    expect(similarityBlocks({ name: 'Luna', city: 'Rome' })).toEqual(['rome|ln|']);
    expect(similarityBlocks({ name: 'Café Luna' })).toEqual(['|cf|', '|ln|']);
    expect(similarityBlocks({ name: '24/7', city: 'Leeds' })).toEqual(['leeds||24 7']);
    expect(similarityBlocks({ name: 'GmbH & Co. KG', city: 'Berlin' })).toEqual([]);
  });

  it('reduce a word to its first letter and consonants, so vowels spelt another way agree', () => {
    expect(wordSkeleton('mueller')).toBe('mlr');
    expect(wordSkeleton('muller')).toBe('mlr');
    expect(wordSkeleton('harbour')).toBe(wordSkeleton('harbor'));
    expect(wordSkeleton('apollo')).toBe('apl');
    expect(wordSkeleton('weber')).not.toBe(wordSkeleton('becker'));
    expect(nameWords('dr a muller zahnarztpraxis 24')).toEqual(['muller', 'zahnarztpraxis']);
  });

  it('use the one name normalisation and number rule de-duplication uses', () => {
    expect(normaliseName('Dr. Müller & Co. GmbH')).toBe('dr muller');
    expect(nameNumbers(normaliseName('Praxis 2, Haus 7'))).toBe('2 7');
    expect(nameNumbers('praxis')).toBe('');
  });
});
