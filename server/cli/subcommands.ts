/**
 * Every `nudgelab` subcommand as a declaration: what it does, its arguments,
 * each option with its meaning and default, and examples. The help, the "did
 * you mean" suggestions and each command's parsing are all built from this one
 * table (see subcommand-parser.ts), so they cannot drift apart. It imports
 * nothing: `nudgelab --help` never loads a command's code, let alone the store.
 */

/** One option, `--name VALUE` (or a bare switch when `value` is absent). */
export interface OptionDeclaration {
  /** The long name without dashes, e.g. `arm-column`; the parsed value is found under it. */
  readonly name: string;
  /** The placeholder of its value in the help (`COL`, `N`, `FILE`); absent for a switch. */
  readonly value?: string;
  /** What it means, including the values it accepts, in one or two sentences. */
  readonly description: string;
  /** May be given several times; the values are collected in order. */
  readonly repeatable?: true;
  readonly default?: string;
}

/** One positional argument (`FILE`, `ACTION`). */
export interface ArgumentDeclaration {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** The only values accepted (the actions of `user`, say); anything else is refused with the list. */
  readonly choices?: readonly string[];
}

export interface SubcommandDeclaration {
  /** One line for the list in `nudgelab --help`. */
  readonly summary: string;
  /** What the command does, shown by `nudgelab help COMMAND`. */
  readonly description: string;
  readonly arguments: readonly ArgumentDeclaration[];
  readonly options: readonly OptionDeclaration[];
  /** At least one: a command line (without `nudgelab `) and what it does. */
  readonly examples: readonly { readonly command: string; readonly does: string }[];
}

const database = 'Works on the database at NUDGELAB_DB (a SQLite file, default data/nudgelab.db) or NUDGELAB_DATABASE_URL (PostgreSQL).';
const experimentOption = { name: 'experiment', value: 'KEY', description: 'The experiment, by its key (e.g. loan-anchor); required.' } as const;

/**
 * The subcommands in the order `nudgelab --help` lists them.
 *
 * @example
 * subcommands.power.options.map((option) => option.name); // => ['type', 'sd', 'p0', 'mde', 'arms', 'alpha', 'power', 'correction', 'format']
 */
export const subcommands = {
  analyze: {
    summary: 'Analyse any CSV the way the results page does (effects, intervals, adjusted p-values).',
    description:
      'Reads one row per participant from a CSV file and runs the same analysis as the results page: per outcome and arm the mean or rate, ' +
      "the effect against control with its interval (Welch t, Hedges' g, risk difference and ratio, Fisher, Mann–Whitney), p-values adjusted over the family, " +
      'and a sample-ratio check. With covariates or moderators it adds the adjusted (ANCOVA, HC2) and interaction models. ' +
      'The delimiter and decimal mark are detected from the header (a Dutch Excel export, ";" with decimal commas, is read as it is). ' +
      'Bad input exits with code 2 and one line saying what is wrong.',
    arguments: [{ name: 'FILE.csv', description: 'The CSV file, one row per participant with a header line.', required: true }],
    options: [
      { name: 'arm-column', value: 'COL', description: 'The column naming each participant’s arm (required unless --factor is given).' },
      { name: 'factor', value: 'COL', repeatable: true, description: 'A factor column of a factorial design; the arms are then the cells of the factors (instead of --arm-column).' },
      { name: 'reference', value: 'FACTOR=LEVEL', repeatable: true, description: 'The reference level of a factor (default: its first level in the file).' },
      { name: 'outcome', value: 'COL', repeatable: true, description: 'An outcome column to analyse; at least one.' },
      { name: 'control', value: 'ARM', description: 'The control arm (default: the first arm in the file); not with --factor.' },
      { name: 'covariate', value: 'COL', repeatable: true, description: 'A covariate for the adjusted model (ANCOVA with HC2 standard errors).' },
      { name: 'moderator', value: 'COL', repeatable: true, description: 'A moderator: the arm-by-moderator interaction is estimated.' },
      { name: 'compare', value: 'ARM:ARM', repeatable: true, description: 'An extra comparison, treatment:against (e.g. high-anchor:low-anchor), adjusted with the others.' },
      { name: 'weights', value: 'W1,W2,...', description: 'The planned allocation, control first (e.g. 1,1,2), for the sample-ratio check; default equal.' },
      { name: 'type', value: 'TYPE', repeatable: true, description: 'continuous or binary for every outcome, or OUTCOME=continuous|binary for one; default: binary when a column holds only 0 and 1, else continuous.' },
      { name: 'delimiter', value: 'SEP', description: 'The field separator: "," ";" or tab (default: detected from the header).' },
      { name: 'decimal', value: 'MARK', description: 'The decimal mark: "." or "," (default: "," in a ";"-separated file, else ".").' },
      { name: 'correction', value: 'METHOD', default: 'holm', description: 'Multiple-comparison correction: holm, bh (Benjamini–Hochberg) or none.' },
      { name: 'format', value: 'FORMAT', default: 'table', description: 'Output: table (readable) or json (every figure).' },
    ],
    examples: [
      { command: 'analyze data.csv --arm-column arm --outcome amount', does: 'compares the mean amount of each arm with the first arm' },
      { command: 'analyze export.csv --arm-column arm --outcome amount --outcome chose_revolving --control control --format json', does: 'two outcomes against control, as JSON' },
      { command: 'analyze data.csv --factor anchor --factor order --outcome amount --covariate age', does: 'a factorial design with a covariate-adjusted model' },
    ],
  },
  power: {
    summary: 'Participants needed per arm before launch (as R’s power.t.test / power.prop.test).',
    description:
      'The sample size per arm for a continuous outcome (from its standard deviation) or a binary one (from the control rate), ' +
      'with each comparison against control tested at alpha / (arms − 1) under Holm (its worst case), rounded up as R does.',
    arguments: [],
    options: [
      { name: 'type', value: 'TYPE', description: 'The outcome: continuous (give --sd) or binary (give --p0); required.' },
      { name: 'sd', value: 'S', description: 'The outcome’s standard deviation, in its unit (continuous).' },
      { name: 'p0', value: 'P', description: 'The control arm’s rate, strictly between 0 and 1 (binary).' },
      { name: 'mde', value: 'D', description: 'The smallest effect worth detecting: a difference in the outcome’s unit, or in proportions for binary (negative allowed, e.g. -0.15); required.' },
      { name: 'arms', value: 'K', description: 'The number of arms, control included (at least 2); required.' },
      { name: 'alpha', value: 'A', default: '0.05', description: 'The significance level of the family.' },
      { name: 'power', value: 'P', default: '0.8', description: 'The power wanted for each comparison.' },
      { name: 'correction', value: 'METHOD', default: 'holm', description: 'holm (alpha split over the comparisons) or none.' },
      { name: 'format', value: 'FORMAT', default: 'table', description: 'Output: table or json.' },
    ],
    examples: [
      { command: 'power --type continuous --sd 2800 --mde 1000 --arms 3', does: 'participants per arm to detect €1,000 with three arms' },
      { command: 'power --type binary --p0 0.6 --mde -0.15 --arms 3 --format json', does: 'to detect a fall from 60% to 45%, as JSON' },
    ],
  },
  simulate: {
    summary: 'Synthetic participants through a running server’s real flow (stored as test traffic).',
    description:
      'Sends simulated participants through the entry link, consent, scenario, screen, questionnaire and debrief of a running server, ' +
      'behaving by the arm they were given (with effects of the size in the literature, scaled by --effect). They enter through the ' +
      'experiment’s test link, so they are stored as test traffic and never count in results, dashboards or default exports. ' +
      'The test token is made from NUDGELAB_SECRET or the secret in the server’s database, unless --test-token gives it. ' +
      'Shows progress on a terminal; exits with code 1 when any participant failed.',
    arguments: [],
    options: [
      experimentOption,
      { name: 'participants', value: 'N', description: 'How many participants, 1 to 1,000,000; required.' },
      { name: 'url', value: 'URL', default: 'http://127.0.0.1:3000', description: 'The running server.' },
      { name: 'effect', value: 'X', default: '1', description: 'How strongly the screen sways the simulated participants, 0 to 4: 0 no effect, 1 effects of the size in the literature, 2 twice that.' },
      { name: 'concurrency', value: 'N', default: '8', description: 'Participants in flight at once, 1 to 256.' },
      { name: 'id-prefix', value: 'TEXT', description: 'Prefix of the simulated panel ids (default: sim- and the time); the same prefix gives the same participants.' },
      { name: 'seed', value: 'N', default: '1', description: 'Seed of the simulated behaviour.' },
      { name: 'test-token', value: 'TOKEN', description: 'The 32 hex digits after test= in the dashboard’s test link (needed when the server’s secret is not at hand).' },
    ],
    examples: [
      { command: 'simulate --experiment loan-anchor --participants 300', does: '300 participants through the server at http://127.0.0.1:3000' },
      { command: 'simulate --experiment minimum-repayment --participants 60 --effect 2 --url https://lab.example.nl --test-token 3f9c…', does: 'a remote server, with effects twice the literature’s' },
    ],
  },
  schema: {
    summary: 'Print the experiment definition schema as JSON Schema (for writing experiment files).',
    description: 'The experiment definition schema as JSON Schema (draft 2020-12), every field with its type, default and meaning: what a behavioural team reads to write a new experiment file, and what editors use for completion.',
    arguments: [],
    options: [],
    examples: [{ command: 'schema > experiment.schema.json', does: 'saves the schema for an editor' }],
  },
  'api-key': {
    summary: 'Create, list or revoke a lender’s API key.',
    description: `create prints a new key's secret once (as JSON with its client key); list shows every key; revoke ends one. Creation and revocation are audited as in the workspace. ${database}`,
    arguments: [
      { name: 'ACTION', description: 'create, list or revoke.', required: true, choices: ['create', 'list', 'revoke'] },
      { name: 'KEY', description: 'For revoke: the key’s id or client key.', required: false },
    ],
    options: [
      { name: 'name', value: 'NAME', description: 'For create: who the key is for (e.g. the lender); required.' },
      { name: 'experiments', value: 'KEY,...', description: 'For create: the experiments the key may use, separated by commas (default: all).' },
      { name: 'scopes', value: 'SCOPE,...', description: 'For create: extra rights; results lets it read the aggregate results of its experiments (default: none, only its own units).' },
    ],
    examples: [
      { command: 'api-key create --name "Bank A" --experiments credit-choice --scopes results', does: 'a key for one experiment that may read its results' },
      { command: 'api-key list', does: 'every key with its state and experiments' },
      { command: 'api-key revoke sdk-2fQx…', does: 'revokes a key by its client key' },
    ],
  },
  user: {
    summary: 'Add workspace users, set passwords, list, disable, enable or unlock accounts.',
    description:
      'Manages the researchers and admins who sign in to the workspace. add and passwd read the password from stdin, or print a random one once. ' +
      `Every change is audited with actor cli. ${database}`,
    arguments: [
      { name: 'ACTION', description: 'add, passwd, list, disable, enable or unlock.', required: true, choices: ['add', 'passwd', 'list', 'disable', 'enable', 'unlock'] },
      { name: 'NAME', description: 'The user name (letters, digits, . _ -); not for list.', required: false },
    ],
    options: [{ name: 'role', value: 'ROLE', default: 'researcher', description: 'For add: researcher or admin.' }],
    examples: [
      { command: 'user add anna', does: 'a researcher with a random password, printed once' },
      { command: 'user add root --role admin < password.txt', does: 'an admin with the password in a file' },
      { command: 'user unlock anna', does: 'ends a lock after too many failed sign-ins' },
    ],
  },
  export: {
    summary: 'Write an experiment’s per-participant data (CSV or JSON) or its replication package.',
    description:
      'Streams the per-participant data of an experiment to a file as CSV or a JSON array (or the raw process events), with a progress bar on a terminal. ' +
      `Test traffic is left out unless --include-test asks for it (with an is_test column). --package writes the replication package instead. ${database}`,
    arguments: [],
    options: [
      experimentOption,
      { name: 'format', value: 'FORMAT', default: 'csv', description: 'csv or json.' },
      { name: 'out', value: 'FILE', description: 'The file to write; required unless --package.' },
      { name: 'table', value: 'TABLE', default: 'participants', description: 'participants (one row each) or process-events (every slider move and field change).' },
      { name: 'include-test', description: 'Include test traffic (simulated participants, test links), marked in an is_test column; participants table only.' },
      { name: 'package', value: 'DIR', description: 'Write the replication package into this folder instead (created if needed): both CSV files, the codebook, the frozen definition and plan, the results and an R script that recomputes them.' },
    ],
    examples: [
      { command: 'export --experiment loan-anchor --out loan-anchor.csv', does: 'the participants as CSV' },
      { command: 'export --experiment loan-anchor --table process-events --format json --out events.json', does: 'the process events as JSON' },
      { command: 'export --experiment loan-anchor --package replication/', does: 'everything a reviewer needs to re-run the analysis' },
    ],
  },
  report: {
    summary: 'The results page’s verdicts and figures for an experiment, as a table or JSON.',
    description: `The verdict of each comparison (primary outcomes first), then every figure of the results page. ${database}`,
    arguments: [],
    options: [experimentOption, { name: 'format', value: 'FORMAT', default: 'table', description: 'table or json.' }],
    examples: [{ command: 'report --experiment credit-choice', does: 'verdicts and figures as a table' }],
  },
  erase: {
    summary: 'Remove one participant’s data everywhere (a privacy request).',
    description: `Deletes everything stored about a participant, in one experiment or all, and audits it under a salted hash of the id (the id itself is not kept). ${database}`,
    arguments: [],
    options: [
      { name: 'participant', value: 'ID', description: 'The participant’s id: for a panel participant the pid of their link, as in the export; required.' },
      { name: 'experiment', value: 'KEY', description: 'Only in this experiment (default: every experiment).' },
    ],
    examples: [{ command: 'erase --participant 5f3a9c1e --experiment loan-anchor', does: 'erases one participant of loan-anchor' }],
  },
  'purge-test': {
    summary: 'Delete an experiment’s test participants (simulated or from test links).',
    description: `Deletes the experiment's test participants with all their data and records it in the audit log. Real participants are untouched. ${database}`,
    arguments: [],
    options: [experimentOption],
    examples: [{ command: 'purge-test --experiment loan-anchor', does: 'removes the simulated participants before launch' }],
  },
  backup: {
    summary: 'A consistent copy of the SQLite database while the server runs.',
    description: 'Copies the SQLite database at NUDGELAB_DB with SQLite’s online backup API, consistent while the server keeps writing. For PostgreSQL use pg_dump.',
    arguments: [],
    options: [{ name: 'out', value: 'FILE', description: 'The new file to write (must not exist); required.' }],
    examples: [{ command: 'backup --out backups/nudgelab-2026-11-28.db', does: 'a dated copy of the pilot database' }],
  },
  retention: {
    summary: 'Delete raw process events of decisions older than N days.',
    description: `Deletes the raw process events (slider moves, field changes) of decisions older than N days; outcome rows and per-participant process summaries stay. The server does the same hourly when NUDGELAB_PROCESS_DATA_RETENTION_DAYS is set. ${database}`,
    arguments: [],
    options: [{ name: 'days', value: 'N', description: 'Keep the events of the last N days (a whole number, at least 1); required.' }],
    examples: [{ command: 'retention --days 90', does: 'keeps three months of raw process events' }],
  },
  'migrate-store': {
    summary: 'Copy a SQLite pilot into an empty PostgreSQL database, checked table by table.',
    description:
      'Copies every table of a SQLite database (the pilot may keep running: the copy is one snapshot) into an empty PostgreSQL database in one transaction, ' +
      'then checks that every table has the same count. Shows progress on a terminal.',
    arguments: [],
    options: [
      { name: 'from', value: 'sqlite:FILE', description: 'The SQLite database to copy; required.' },
      { name: 'to', value: 'URL', description: 'The empty PostgreSQL database, postgres://USER@HOST:PORT/DATABASE; required.' },
    ],
    examples: [{ command: 'migrate-store --from sqlite:data/nudgelab.db --to postgres://nudgelab@db:5432/nudgelab', does: 'moves a pilot to PostgreSQL' }],
  },
} as const satisfies Record<string, SubcommandDeclaration>;

export type SubcommandName = keyof typeof subcommands;

type OptionValue<Option extends OptionDeclaration> = Option extends { value: string } ? (Option extends { repeatable: true } ? string[] : string) : boolean;

/**
 * The parsed options of a subcommand, keyed by long name: a string (or a list
 * for a repeatable option), `undefined` when not given and without default,
 * and a boolean for a switch.
 */
export type ParsedOptions<Name extends SubcommandName> = {
  [Option in (typeof subcommands)[Name]['options'][number] as Option['name']]: Option extends { default: string } | { value?: undefined }
    ? OptionValue<Option>
    : OptionValue<Option> | undefined;
};
