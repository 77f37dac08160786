export { searchOsm, createOsmGates, DEFAULT_OSM_SETTINGS, type OsmGates, type OsmSettings, type OsmSearchOptions, type OsmSearchResult } from './search-osm';
export { geocode, type GeocodedPlace, type GeocodeOptions } from './nominatim';
export { buildOverpassQuery, queryOverpass, type OsmElement, type OverpassOptions } from './overpass';
export { elementToLead, type OsmLead } from './osm-to-lead';
export { DEFAULT_KEYWORD_TAGS, KEYWORD_ALIASES, tagsForKeyword, canonicalKeyword, type OsmTag, type KeywordTagMap } from './tag-map';
