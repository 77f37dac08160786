/** The map source whose searches are stored cell by cell, for a resume and the run monitor (store/map-progress). */
export const GOOGLE_MAPS = 'google_maps';

/**
 * A map search's area in the rep's words: the whole area of the agent's place, one cell of the grid it
 * was split into when the results hit the cap ("cell 2.0" is the first quarter of the third quarter), or
 * a search by the place's name when no bounding box was known.
 */
export function mapAreaName(cell: { path: string; box: unknown }): string {
  return cell.path === '' ? (cell.box ? 'whole area' : 'by place name') : `cell ${cell.path}`;
}
