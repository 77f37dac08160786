import { writeFileSync } from 'node:fs';

/** A CSV of n fictional businesses in the generic export layout; about a third are not dental practices. */
export function writeSampleCsv(file: string, n: number): void {
  const rows = ['Company,Website,Phone,Email,First Name,Title,City,Category,Rating,Reviews'];
  for (let i = 0; i < n; i++) {
    const dental = i % 3 !== 2;
    rows.push([
      dental ? `Harbor Dental ${i}` : `Corner Shop ${i}`,
      dental ? `https://harbor-dental-${i}.example` : '',
      // Unique per row (a repeated phone is the same business, and would merge).
      `+1 503 ${200 + Math.floor(i / 10_000)} ${String(i % 10_000).padStart(4, '0')}`,
      dental && i % 2 === 0 ? `hello@harbor-dental-${i}.example` : '',
      i % 4 === 0 ? 'Maya' : '',
      i % 4 === 0 ? 'Owner' : '',
      'Portland',
      dental ? 'Dentist' : 'Grocery',
      dental ? '4.7' : '3.2',
      dental ? String(40 + (i % 200)) : '3',
    ].join(','));
  }
  writeFileSync(file, rows.join('\n') + '\n');
}
