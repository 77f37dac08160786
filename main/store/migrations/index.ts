import type { Migration } from '../migrate';
import { migration001 } from './001_initial';
import { migration002 } from './002_caches';
import { migration003 } from './003_lead_keys';
import { migration004 } from './004_lead_blocks';
import { migration005 } from './005_lead_identity';
import { migration006 } from './006_preferences';
import { migration007 } from './007_compliance';
import { migration008 } from './008_map_progress';
import { migration009 } from './009_outreach';
import { migration010 } from './010_run_indexes';

/** Every migration, in order. Add a new file and append it here; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010];
