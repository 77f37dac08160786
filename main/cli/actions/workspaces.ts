import type { Action } from '../program';
import { asUsage, num, UsageError } from '../io';

export const list: Action = async (cli) =>
  cli.withApp([], async (_app, s) => {
    const all = s.workspaces.list();
    cli.print(all, () => (all.length === 0 ? 'No workspace yet: hunter workspaces create NAME.' : all.map((w) => `${w.current ? '*' : ' '} ${w.id}  ${w.name}`).join('\n')));
    return 0;
  });

export const create: Action = async (cli, args) =>
  cli.withApp([], async (_app, s) => {
    const store = s.workspaces.create(args[0]!, { type: 'cli', id: 'hunter' });
    const view = { id: store.workspaceId, name: args[0]!.trim() };
    cli.print(view, () => `Created workspace "${view.name}" (${view.id}) with the trial's credits. Use it by default with: hunter workspaces use "${view.name}"`);
    return 0;
  });

export const use: Action = async (cli, args) =>
  cli.withApp([], async (_app, s) => {
    let view;
    try {
      view = s.workspaces.use(args[0]!);
    } catch (err) {
      return asUsage(err);
    }
    cli.print(view, () => `Commands and the app now open "${view.name}".`);
    return 0;
  });

export const rename: Action = async (cli, args) =>
  cli.withApp([], async (_app, s) => {
    const view = s.workspaces.rename(args[0]!, args[1]!, { type: 'cli', id: 'hunter' });
    cli.print(view, () => `Renamed to "${view.name}".`);
    return 0;
  });

export const settingsGet: Action = async (cli, args) =>
  cli.withApp(['settings'], async (_app, s) => {
    const ctx = cli.ctx(s);
    if (args[0]) {
      let value;
      try {
        value = s.settings.get(ctx, args[0]);
      } catch (err) {
        return asUsage(err);
      }
      cli.print({ [args[0]]: value }, () => (value == null ? `${args[0]} is not set.` : Array.isArray(value) ? value.join(', ') : String(value)));
      return 0;
    }
    const all = s.settings.all(ctx);
    cli.print(all, () => Object.entries(all).map(([k, v]) => `${k.padEnd(22)} ${v == null ? '(not set)' : Array.isArray(v) ? v.join(', ') : String(v).replace(/\n/g, '\\n')}`).join('\n'));
    return 0;
  });

export const settingsSet: Action = async (cli, args) =>
  cli.withApp(['settings'], async (_app, s) => {
    const ctx = cli.ctx(s);
    const { isSettingKey, settingKeyRefusal } = await import('../../services/settings');
    if (!isSettingKey(args[0]!)) return asUsage(settingKeyRefusal(args[0]!));
    const value = s.settings.set(ctx, args[0]!, args[1]!);
    cli.print({ [args[0]!]: value }, () => `${args[0]} = ${value == null ? '(cleared)' : Array.isArray(value) ? value.join(', ') : String(value)}`);
    return 0;
  });

export const agentsList: Action = async (cli) =>
  cli.withApp(['agents'], async (_app, s) => {
    const agents = s.agents.list(cli.ctx(s));
    cli.print(agents, () => (agents.length === 0 ? 'No agents yet: a run with --agent FILE (or --keywords) saves one.' : agents.map((a) => `${a.id}  ${a.name}  (budget ${a.config.budget ?? 'none'})`).join('\n')));
    return 0;
  });

export const agentsSetBudget: Action = async (cli, args) => {
  const credits = args[1] === 'none' ? null : num(args[1], 'the budget', 0, 1_000_000);
  if (credits === undefined) throw new UsageError('Give the budget in credits (or "none").');
  return cli.withApp(['agents'], async (_app, s) => {
    const a = s.agents.setBudget(cli.ctx(s), args[0]!, credits);
    cli.print(a, () => `${a.id}: each run may spend up to ${credits ?? 'the whole balance'}. A paused run of it goes on with: hunter resume`);
    return 0;
  });
};

/** `hunter keywords expand "dentists"`: the list to pick from, each keyword with where it came from. */
export const keywordsExpand: Action = async (cli, args, opts) =>
  cli.withApp(['agents'], async (app, s) => {
    const ctx = cli.ctx(s);
    const keywords = args.map((a) => a.trim()).filter(Boolean);
    if (keywords.length === 0) throw new UsageError('Give the keywords to expand, e.g. hunter keywords expand "dentists".');
    const req = { keywords, ...(opts.location ? { location: String(opts.location) } : {}), ...(opts.language ? { language: String(opts.language) } : {}) };
    const view = await s.agents.expandKeywords(ctx, req, await app.aiFor(ctx.store));
    cli.print(view, () => {
      const lines = view.suggestions.map((k) => `${k.origin.padEnd(5)}  ${k.keyword}${k.kind === 'category' ? '  (Google Maps category)' : ''}${k.checked === 'shape' ? '  (not in the table: check it)' : ''}`);
      const head = view.industries.length > 0 ? `Keywords for ${view.industries.join(', ')} (${view.language}):` : `The table does not know "${view.unknown.join('", "')}"; your words are kept as they are.`;
      const model = view.model.error ? `The model was not used: ${view.model.error.message}` : view.model.asked ? `${view.model.added} added by ${view.model.model}; ${view.rejected.length} proposal(s) left out.` : 'Offline table only (set a Groq key for the model\'s proposals).';
      const osm = view.osm_tags.length > 0 ? `OpenStreetMap tags: ${view.osm_tags.join(', ')}` : '';
      return [head, ...lines, model, osm, 'Use the ones you want: hunter run --keywords "…" "…" --location "…"'].filter(Boolean).join('\n');
    });
    return 0;
  });
