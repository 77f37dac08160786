import { readFileSync } from 'node:fs';
import type { Action } from '../program';
import { UsageError } from '../io';

/** `hunter inspect FILE_OR_URL`: every fact one page yields, with how it was found (dates in ISO 8601). */
export const inspect: Action = async (cli, args, opts) => {
  const { inspectPage } = await import('../../enrich');
  const target = args[0]!;
  const r = await inspectPage(target, opts.url ? { baseUrl: String(opts.url) } : {});
  cli.print(r, () =>
    [
      `${r.final_url ?? r.url ?? target} (${r.from}, ${r.bytes} bytes, ${r.charset ?? 'unknown charset'})`,
      ...r.facts.map((f) => `  ${f.kind.padEnd(18)} ${f.value}  [${f.method}, ${f.confidence}]`),
      r.facts.length === 0 ? '  no facts found on this page' : '',
    ].filter(Boolean).join('\n'),
  );
  return 0;
};

/** `hunter gmaps-parse FILE`: a saved Google Maps place page or payload, as the normalised place. */
export const gmapsParse: Action = async (cli, args) => {
  let text: string;
  try {
    text = readFileSync(args[0]!, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${args[0]}: ${(err as Error).message}`);
  }
  const { parsePlace } = await import('../../sources/google-maps/place-parser');
  const place = parsePlace(text);
  cli.print(place, () =>
    [
      `${place.name ?? '(no name)'} ${place.status ? `[${place.status}]` : ''}`,
      `  ${place.categories.join(', ')}`,
      place.address ? `  ${place.address}` : '',
      place.phone ? `  ${place.phone}` : '',
      place.website ? `  ${place.website}` : '',
      place.rating != null ? `  rated ${place.rating} from ${place.review_count ?? '?'} reviews` : '',
      place.place_id ? `  place_id ${place.place_id}` : '',
    ].filter(Boolean).join('\n'),
  );
  return 0;
};
