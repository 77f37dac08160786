import { readFileSync } from 'node:fs';
import { inspectPage } from '../enrich';
import { HunterError } from '../core/errors';
import { parsePlace } from '../sources/google-maps';
import { type Cli, need } from './context';

/** `hunter inspect FILE_OR_URL`: every fact one page yields, with how it was found (dates in ISO 8601). */
export async function inspectCommand(cli: Cli): Promise<number> {
  const target = need(cli.args[0], 'a saved page (FILE) or a URL');
  const r = await inspectPage(target, cli.flags.url ? { baseUrl: cli.flags.url as string } : {});
  cli.print(r, () =>
    [
      `${r.final_url ?? r.url ?? target} (${r.from}, ${r.bytes} bytes, ${r.charset ?? 'unknown charset'})`,
      ...r.facts.map((f) => `  ${f.kind.padEnd(18)} ${f.value}  [${f.method}, ${f.confidence}]`),
      r.facts.length === 0 ? '  no facts found on this page' : '',
    ].filter(Boolean).join('\n'),
  );
  return 0;
}

/** `hunter gmaps-parse FILE`: a saved Google Maps place page or payload, as the normalised place. */
export async function gmapsParseCommand(cli: Cli): Promise<number> {
  const file = need(cli.args[0], 'a saved place page or payload (FILE)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HunterError('INVALID_INPUT', `Cannot read ${file}: ${(err as Error).message}`);
  }
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
}
