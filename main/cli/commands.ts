/**
 * Every command of `hunter`: its words, arguments, options and what it does. The parser, `--help` and the
 * README's table are all made from this list, so they cannot disagree; each action is loaded only when
 * its command runs, so a command never pays for another's modules (the browser driver, the model SDKs).
 */
export interface OptionDef {
  flags: string;
  description: string;
  /** Repeatable ("--map a=b --map c=d"). */
  repeat?: boolean;
  required?: boolean;
}

export interface CommandDef {
  /** The words of the command, e.g. ['drafts', 'approve']. */
  path: string[];
  args?: string[];
  summary: string;
  options?: OptionDef[];
  /** The module and function that carry it out: `actions/<module>.ts` exports `<name>`. */
  action: [module: ActionModule, name: string];
  /** It changes drafts or runs: retention (expired drafts, data past its age) runs first, as the app does daily. */
  writes?: boolean;
}

export type ActionModule = 'runs' | 'drafts' | 'leads' | 'account' | 'export' | 'mail' | 'compliance' | 'workspaces' | 'sources' | 'db';

const csvReading: OptionDef[] = [
  { flags: '--preset <id>', description: 'read the file as this export (apollo, linkedin_sales_navigator, google_sheets, google_maps_scraper, generic)' },
  { flags: '--map <field=header>', description: 'which column feeds a field (--map name=Organisation); --map website= leaves one out', repeat: true },
];
const agentInput: OptionDef[] = [
  { flags: '--agent <file>', description: 'the agent (JSON, see resources/sample/agent.json); otherwise the defaults and the options below' },
  { flags: '--keywords <words...>', description: 'what to look for, e.g. --keywords dentist "dental clinic"' },
  { flags: '--location <place>', description: 'where, e.g. --location "Portland, OR"' },
  { flags: '--source <source...>', description: 'osm, google_maps and/or csv (default: csv with --csv, else osm)' },
];
/** The rep's mail account as options: every field the app's Settings → Mail account has. */
const mailAccount: OptionDef[] = [
  { flags: '--host <host>', description: 'the IMAP server, e.g. imap.gmail.com' },
  { flags: '--port <port>', description: 'its port (default 993 with tls, 143 otherwise)' },
  { flags: '--security <how>', description: 'tls, starttls, or none (a server on this computer only, such as a mail bridge)' },
  { flags: '--user <user>', description: 'the user name, usually your address' },
  { flags: '--login <how>', description: 'password (the default; from HUNTER_IMAP_PASSWORD) or oauth2 (Google / Microsoft sign-in)' },
  { flags: '--provider <id>', description: 'google or microsoft, with --login oauth2' },
  { flags: '--client-id <id>', description: 'the OAuth client id registered for the app, with --login oauth2' },
  { flags: '--client-secret <secret>', description: "Google's desktop-app client secret (not confidential for an installed app)" },
  { flags: '--mailbox <folder>', description: 'the folder drafts go to (default: the one the server marks as Drafts)' },
  { flags: '--ca <file>', description: 'a PEM file of CA certificates trusted for this account only' },
];
const paging: OptionDef[] = [
  { flags: '--limit <n>', description: 'at most this many (default 200)' },
  { flags: '--offset <n>', description: 'skip this many first' },
];

export const COMMANDS: CommandDef[] = [
  { path: ['demo'], summary: 'the bundled sample workspace, end to end (no keys, no network)', options: [{ flags: '--mode <mode>', description: 'sequential or parallel' }], action: ['runs', 'demo'] },
  {
    path: ['run'], summary: 'find, score, enrich and draft: from a CSV of businesses, or from keywords and a place',
    options: [
      { flags: '--csv <file>', description: 'the businesses to work on (Apollo, Sales Navigator, Google Sheets and Maps-scraper exports are recognised; any encoding)' },
      ...agentInput, ...csvReading,
      { flags: '--budget <credits>', description: 'the most this run may spend' },
      { flags: '--offline', description: 'read websites only from the page cache and use no online source' },
      { flags: '--contact-again', description: 'also write to businesses you have already written to (left out otherwise)' },
    ],
    action: ['runs', 'run'], writes: true,
  },
  { path: ['resume'], args: ['[execution]'], summary: 'finish a run that was paused, stopped or killed; a finished one tries again the steps that ended in a provider failure', action: ['runs', 'resume'], writes: true },
  { path: ['estimate'], summary: 'what a run would cost at most, before it starts', options: [{ flags: '--csv <file>', description: 'the businesses' }, ...agentInput, ...csvReading], action: ['runs', 'estimate'] },
  { path: ['csv-preview'], args: ['<file>'], summary: 'how a CSV will be read: encoding, delimiter, preset, which column feeds which field, the first rows with their problems', options: [...csvReading, { flags: '--limit <n>', description: 'rows to show (default 20)' }], action: ['runs', 'csvPreview'] },
  { path: ['runs', 'list'], summary: 'the runs of the workspace, newest first', options: [{ flags: '--limit <n>', description: 'at most this many (default 20)' }], action: ['runs', 'list'] },
  { path: ['runs', 'show'], args: ['<execution>'], summary: 'a run: its funnel, credits and errors grouped by code', action: ['runs', 'show'] },
  { path: ['runs', 'failures'], args: ['<execution>'], summary: 'every record that failed, with its error; --csv writes the failed rows to fix and import again', options: [...paging, { flags: '--csv <file>', description: 'write the failed CSV rows (with an error column) to this file' }], action: ['runs', 'failures'] },
  { path: ['runs', 'cancel'], args: ['<execution>'], summary: 'cancel a paused or interrupted run', action: ['runs', 'cancel'] },
  { path: ['runs', 'set-budget'], args: ['<execution>', '<credits>'], summary: "raise (or set) a run's own budget; then resume it", action: ['runs', 'setBudget'] },
  { path: ['leads', 'list'], summary: 'leads with their score and tier', options: [{ flags: '--search <text>', description: 'in the name, town, domain, category or e-mail' }, { flags: '--tier <tier>', description: 'gold, silver or skipped' }, { flags: '--execution <id>', description: 'only the leads of this run' }, { flags: '--order <by>', description: 'score, name, created, city, category, tier, email or website' }, ...paging], action: ['leads', 'list'] },
  { path: ['leads', 'show'], args: ['<lead>'], summary: 'a lead: its score with the reasons, its facts with their sources, merges, related leads and drafts', action: ['leads', 'show'] },
  { path: ['leads', 'split'], args: ['<lead>', '<merge>'], summary: 'split a row or place that was merged into a lead off again', action: ['leads', 'split'] },
  { path: ['leads', 'same'], args: ['<lead>', '<other>'], summary: 'two related leads are one business: merge the second into the first', action: ['leads', 'same'] },
  { path: ['leads', 'different'], args: ['<lead>', '<other>'], summary: 'two related leads are two businesses: never join them', action: ['leads', 'different'] },
  { path: ['leads', 'export'], args: ['<lead>'], summary: 'everything held about a lead, as JSON, for the person who asks (GDPR art. 15)', options: [{ flags: '--out <file>', description: 'write it here (default: the data folder)' }], action: ['compliance', 'exportData'] },
  {
    path: ['leads', 'erase'], args: ['<lead>'], summary: 'erase a lead and everything about it, here and in the backups, for good (the audit log still verifies)',
    options: [
      { flags: '--reason <why>', description: 'subject_request, objection, no_longer_needed, unlawful or other (required)' },
      { flags: '--suppress <what>', description: 'lead (default: all it is known by), addresses, or none: kept as one-way hashes so it is never contacted again' },
      { flags: '--no-backups', description: 'leave the backups as they are' },
      { flags: '--yes', description: 'yes, erase it (it cannot be undone; without it a terminal asks, a script is refused)' },
    ],
    action: ['compliance', 'erase'],
  },
  { path: ['dnc', 'list'], summary: 'the do-not-contact list', options: [{ flags: '--kind <kind>', description: 'email, domain, phone or name' }, { flags: '--search <text>', description: 'in the values and reasons' }, ...paging], action: ['compliance', 'dncList'] },
  { path: ['dnc', 'add'], args: ['<values...>'], summary: 'never contact these again: e-mail addresses, domains, phone numbers or business names', options: [{ flags: '--kind <kind>', description: 'email, domain, phone or name (default: read from each value)' }, { flags: '--reason <text>', description: 'why, kept with the entries' }], action: ['compliance', 'dncAdd'] },
  { path: ['dnc', 'remove'], args: ['<values...>'], summary: 'take entries off the list (added by mistake): by the address, domain, number or name, or by entry id', action: ['compliance', 'dncRemove'] },
  { path: ['dnc', 'import'], args: ['<file>'], summary: 'add a CSV of values (one per row, or columns email, domain, phone, name); each bad row is named, the good ones kept', options: [{ flags: '--country <code>', description: 'for phone numbers written without a country code' }], action: ['compliance', 'dncImport'] },
  { path: ['dnc', 'check'], args: ['[value]'], summary: 'whether an address (or --lead LEAD) is on the list, and why', options: [{ flags: '--lead <lead>', description: 'check a lead by everything it is known by' }], action: ['compliance', 'dncCheck'] },
  { path: ['retention'], summary: 'expire old drafts and purge cached pages, facts and rejected texts past their age (also run by the app once a day)', action: ['compliance', 'retention'] },
  { path: ['drafts', 'list'], summary: 'drafts, best first', options: [{ flags: '--status <status>', description: 'pending_review, approved, rejected, exported, expired, scheduled (follow-ups waiting for their day, soonest first) or cancelled' }, { flags: '--execution <id>', description: 'only the drafts of this run' }, ...paging], action: ['drafts', 'list'] },
  {
    path: ['drafts', 'show'], args: ['<draft>'], summary: 'a draft with its versions, its lead and the facts',
    options: [{ flags: '--channel <channel>', description: 'the version for sms, whatsapp, linkedin, linkedin_note or facebook (with its length, limit and links)' }], action: ['drafts', 'show'],
  },
  { path: ['drafts', 'approve'], args: ['<drafts...>'], summary: 'approve drafts for export', action: ['drafts', 'approve'], writes: true },
  {
    path: ['drafts', 'reject'], args: ['<drafts...>'], summary: 'reject drafts',
    options: [{ flags: '--reason <reason>', description: 'wrong_person, wrong_business, bad_message, not_now or do_not_contact (the last puts the address on the do-not-contact list)' }],
    action: ['drafts', 'reject'], writes: true,
  },
  { path: ['replies', 'check'], summary: 'read your inbox (read-only, the saved mail account) for replies and bounces to exported messages; cancels their follow-ups, lists those who ask to stop', action: ['drafts', 'checkReplies'], writes: true },
  { path: ['stats'], summary: 'draft analytics: drafts per day, timings and fallbacks per provider, edits, replies per angle, tone and variant', options: [{ flags: '--days <n>', description: 'the period (default 30)' }], action: ['drafts', 'stats'] },
  {
    path: ['drafts', 'block'], args: ['<draft>'], summary: "reject a draft and never contact its business (or address) again: it goes on the do-not-contact list",
    options: [{ flags: '--scope <what>', description: 'business (its address, domain, phone and name; the default) or address' }, { flags: '--reason <text>', description: 'why, kept with the entry' }],
    action: ['compliance', 'rejectAndBlock'], writes: true,
  },
  { path: ['drafts', 'edit'], args: ['<draft>'], summary: 'replace the text with your own (a later refinement never replaces it)', options: [{ flags: '--body <text>', description: 'the new text' }, { flags: '--file <file>', description: 'the new text, from a file' }, { flags: '--subject <subject>', description: 'a new subject' }], action: ['drafts', 'edit'], writes: true },
  {
    path: ['check-message'], summary: 'the message check on any text: its claims matched to the facts of a lead, and what to fix (exit 1 when it is not ready to send)',
    options: [
      { flags: '--lead <file>', description: 'LEAD.json: {lead: {name, …}, facts: [{kind, value, source_url, method}], agent?, sender?}' },
      { flags: '--message <file>', description: 'the message (a first line "Subject: …" is its subject)' },
      { flags: '--subject <subject>', description: 'the subject, if not in the file' },
    ],
    action: ['drafts', 'checkMessage'],
  },
  { path: ['drafts', 'write'], args: ['<draft>'], summary: 'write a draft again, with the writer a run uses', action: ['drafts', 'write'], writes: true },
  {
    path: ['export'], summary: 'approved drafts into your mail client: .eml files, an mbox, a mail-merge CSV, or your IMAP Drafts folder (the saved mail account, or the one in the options; password from HUNTER_IMAP_PASSWORD)',
    options: [
      { flags: '--format <format>', description: 'eml, mbox, csv or imap (required)' },
      { flags: '--out <dir>', description: 'the folder files go to' },
      { flags: '--ids <ids>', description: 'only these drafts (comma-separated)' },
      { flags: '--html', description: 'add an HTML part beside the text' },
      { flags: '--preset <tool>', description: 'the mail-merge CSV for instantly, lemlist, smartlead or generic (default)' },
      { flags: '--bom', description: 'start the CSV with a byte-order mark (for Excel)' },
      ...mailAccount,
    ],
    action: ['export', 'run'], writes: true,
  },
  { path: ['export', 'undo'], args: ['<summary>'], summary: 'take a file export back (SUMMARY.json is what `export --json` printed)', action: ['export', 'undo'] },
  { path: ['export', 'mailto'], args: ['<draft>'], summary: 'a mailto: link for one draft', action: ['export', 'mailto'] },
  { path: ['mail', 'show'], summary: 'the saved mail account (never its password)', action: ['mail', 'show'] },
  { path: ['mail', 'save'], summary: 'save your mail account for IMAP export (password from HUNTER_IMAP_PASSWORD, kept for this command only: the CLI has no keychain)', options: mailAccount, action: ['mail', 'save'] },
  { path: ['mail', 'test'], summary: 'connect and log in as an export would, and say what stands in the way (nothing is written)', options: mailAccount, action: ['mail', 'test'] },
  { path: ['mail', 'sign-in'], summary: 'sign in to Google or Microsoft for the saved account (prints the address to open)', options: [{ flags: '--timeout <seconds>', description: 'how long to wait for the browser (default 300)' }, { flags: '--show-token', description: 'print the refresh token, for HUNTER_IMAP_REFRESH_TOKEN (the CLI has no keychain)' }], action: ['mail', 'signIn'] },
  { path: ['mail', 'sign-out'], summary: 'end the Google or Microsoft sign-in (revoked where the provider allows it)', action: ['mail', 'signOut'] },
  { path: ['mail', 'remove'], summary: 'remove the saved mail account', action: ['mail', 'remove'] },
  { path: ['credits'], summary: "balance, this month's use, alerts", options: [{ flags: '--grant <credits>', description: 'add credits' }], action: ['account', 'credits'] },
  { path: ['alerts', 'list'], summary: 'alerts, newest first', options: [{ flags: '--unread', description: 'only unread ones' }], action: ['account', 'alerts'] },
  { path: ['alerts', 'read'], args: ['<alert>'], summary: 'mark an alert read', action: ['account', 'readAlert'] },
  { path: ['audit', 'verify'], summary: 'check the hash-chained audit log (and the credit ledger it vouches for)', action: ['account', 'verifyAudit'] },
  { path: ['audit', 'export'], summary: 'the audit log with its verification, as JSON', options: [{ flags: '--out <file>', description: 'write it here (else to stdout)' }, { flags: '--action <action>', description: 'only this action' }, { flags: '--execution <id>', description: 'only this run' }, { flags: '--since <date>', description: 'from this date' }, { flags: '--until <date>', description: 'up to this date' }], action: ['account', 'exportAudit'] },
  { path: ['workspaces', 'list'], summary: 'your workspaces; the current one is marked', action: ['workspaces', 'list'] },
  { path: ['workspaces', 'create'], args: ['<name>'], summary: 'a new workspace, with trial credits', action: ['workspaces', 'create'] },
  { path: ['workspaces', 'use'], args: ['<name>'], summary: 'the workspace commands (and the app) open by default', action: ['workspaces', 'use'] },
  { path: ['workspaces', 'rename'], args: ['<name>', '<new-name>'], summary: 'rename a workspace', action: ['workspaces', 'rename'] },
  { path: ['settings', 'get'], args: ['[key]'], summary: 'one setting, or all of them', action: ['workspaces', 'settingsGet'] },
  { path: ['settings', 'set'], args: ['<key>', '<value>'], summary: 'change a setting, e.g. sender.name "Alex Rivera" ("" clears it)', action: ['workspaces', 'settingsSet'] },
  { path: ['agents', 'list'], summary: 'the agents of the workspace', action: ['workspaces', 'agentsList'] },
  {
    path: ['keywords', 'expand'], args: ['<keywords...>'], summary: 'more keywords for the same kind of business, from the bundled table (and the model, with a Groq key), to pick from before a run',
    options: [{ flags: '--location <place>', description: 'where the search will be (the model takes it into account)' }, { flags: '--language <code>', description: 'en, de, fr, es, it or nl (default: the language of your words)' }],
    action: ['workspaces', 'keywordsExpand'],
  },
  { path: ['agents', 'set-budget'], args: ['<agent>', '<credits>'], summary: "the most each run of an agent may spend (\"none\" for no limit)", action: ['workspaces', 'agentsSetBudget'] },
  { path: ['db', 'check'], summary: 'the full integrity check of the database file', action: ['db', 'check'] },
  { path: ['db', 'backups'], summary: 'the backups of the database, newest first, each checked', action: ['db', 'backups'] },
  { path: ['db', 'backup'], summary: 'back the database up now', action: ['db', 'backup'] },
  { path: ['db', 'restore'], args: ['<backup>'], summary: 'put a backup in place of the database (the current file is kept as a backup first)', action: ['db', 'restore'] },
  { path: ['inspect'], args: ['<file-or-url>'], summary: 'every fact one web page yields, with its method', options: [{ flags: '--url <url>', description: "a saved file's address" }], action: ['sources', 'inspect'] },
  { path: ['gmaps-parse'], args: ['<file>'], summary: 'a saved Google Maps place page or payload, as the normalised place', action: ['sources', 'gmapsParse'] },
];

/** The options every command takes. */
export const COMMON_OPTIONS: OptionDef[] = [
  { flags: '--json', description: 'print one JSON object (for scripts)' },
  { flags: '--db <file>', description: "the database (default: the app's own data file)" },
  { flags: '--workspace <name>', description: 'the workspace (default: the one in use, see workspaces use)' },
];

/** The README's table of commands, from the list above. */
export function commandTable(): string {
  const rows = COMMANDS.map((c) => {
    const usage = ['hunter', ...c.path, ...(c.args ?? []).map((a) => a.toUpperCase().replace(/[<>]/g, '').replace(/\[(.*)\]/, '[$1]'))].join(' ');
    const opts = (c.options ?? []).map((o) => `\`${o.flags.replace(/ <.*>$/, '')}\``).join(' ');
    return `| \`${usage}\` | ${c.summary}${opts ? ` (${opts})` : ''} |`;
  });
  return ['| command | what it does |', '|---|---|', ...rows].join('\n');
}
