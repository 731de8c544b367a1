/**
 * The store every route talks to. Methods are async so that a PostgreSQL
 * implementation can follow the SQLite one without touching callers. Every
 * write is idempotent on its natural key: repeating it returns what was stored
 * first and changes nothing.
 */

export type Locale = 'nl' | 'en';
export type UserAgentClass = 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
export type DecisionValue = number | string;

/**
 * Permuted-block assignment, carried out by the store atomically with the
 * enrolment, so that concurrent entries (on one SQLite file or several
 * instances over PostgreSQL) never break a block's balance: the participant
 * takes the next free position of the current block of their stratum.
 */
export interface PermutedBlockDraw {
  method: 'permuted-blocks';
  /** The stratum's label; '' when the design has no strata. */
  stratum: string;
  blockSize: number;
  /** The arm at `position` (0-based) of block number `blockIndex` (0-based) in this stratum. Pure and deterministic. */
  armAt(blockIndex: number, position: number): string;
}

/** Where a participant's arm came from: the block and position for permuted blocks, null for hashing. */
export interface BlockPosition {
  stratum: string;
  blockIndex: number;
  position: number;
}

export interface NewParticipant {
  /** `panel` for the participant flow, `api` for a lender's visitor assigned through the API; panel by default. */
  source?: 'panel' | 'api';
  experimentKey: string;
  participantId: string;
  panelId: string | null;
  locale: Locale;
  userAgentClass: UserAgentClass;
  /** The arm (hashing, decided by the caller), or a permuted-block draw that the store resolves on enrolment. */
  arm: string | PermutedBlockDraw;
  definitionHash: string;
  at: Date;
}

/** One interaction recorded in the browser, milliseconds after the screen was shown. */
export interface ProcessEvent {
  kind: 'change' | 'panel';
  field: string | null;
  value: string | null;
  atMs: number;
}

export type ProcessData = { status: 'recorded'; events: ProcessEvent[] } | { status: 'missing' };

export interface StoredDecision {
  arm: string;
  values: Record<string, DecisionValue>;
  keptDefault: boolean | null;
  decidedAt: Date;
  timeToDecisionMs: number | null;
  timingSource: 'client' | 'server' | null;
  processDataStatus: 'recorded' | 'missing';
}

/** Everything known about one participant in one experiment. */
export interface ParticipantRecord {
  experimentKey: string;
  participantId: string;
  panelId: string | null;
  locale: Locale;
  enteredAt: Date;
  arm: string;
  /** The permuted block the arm was drawn from; null for hashing. */
  block: BlockPosition | null;
  exposedAt: Date | null;
  /** What the screen showed this participant (e.g. the randomised product order), as logged at exposure. */
  presentation: Record<string, unknown> | null;
  decision: StoredDecision | null;
  answeredAt: Date | null;
  completion: { code: string; completedAt: Date } | null;
}

export interface NewDecision {
  experimentKey: string;
  participantId: string;
  values: Record<string, DecisionValue>;
  keptDefault: boolean | null;
  timeToDecisionMs: number | null;
  timingSource: 'client' | 'server';
  processData: ProcessData;
  at: Date;
}

export interface NewAnswer {
  questionKey: string;
  answer: string;
  correct: boolean | null;
}

export interface ArmCount {
  arm: string;
  entered: number;
  exposed: number;
  decided: number;
  completed: number;
}

/** A row of participant-level data, for analysis and export. */
export interface ParticipantDecisionRow {
  participantId: string;
  arm: string;
  values: Record<string, DecisionValue>;
}

/** A lender's API key, without its secret (only the secret's hash is stored). */
export interface ApiKey {
  id: string;
  name: string;
  clientKey: string;
  /** Experiments the key may use; null means all. */
  experiments: string[] | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewApiEvent {
  experimentKey: string;
  participantId: string;
  name: string;
  value: number | string | boolean | null;
  occurredAt: Date;
  idempotencyKey: string | null;
}

export interface StoredApiEvent extends NewApiEvent {
  receivedAt: Date;
  apiKeyId: string;
}

export type Role = 'admin' | 'researcher';
export interface User {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  failedLogins: number;
  lockedUntil: Date | null;
}

export type ExperimentStateName = 'draft' | 'running' | 'paused' | 'stopped';
export interface ExperimentState {
  experimentKey: string;
  state: ExperimentStateName;
  changedAt: Date;
  /** When it first started running; the analysis plan was frozen then. */
  startedAt: Date | null;
  /** SHA-256 of the definition frozen at the start. */
  definitionSha256: string | null;
  frozenDefinition: unknown;
}

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown> | null;
}

/** Everything stored about one participant, for exports and the analysis. */
export interface ParticipantDataRow {
  participantId: string;
  panelId: string | null;
  source: 'panel' | 'api';
  locale: Locale;
  userAgentClass: UserAgentClass;
  arm: string;
  /** The permuted block the arm was drawn from; null for hashing. */
  block: BlockPosition | null;
  enteredAt: string;
  exposedAt: string | null;
  presentation: Record<string, unknown> | null;
  decision: Record<string, DecisionValue> | null;
  keptDefault: boolean | null;
  decidedAt: string | null;
  timeToDecisionMs: number | null;
  timingSource: 'client' | 'server' | null;
  processDataStatus: 'recorded' | 'missing' | null;
  completedAt: string | null;
  answers: Record<string, { answer: string; correct: boolean | null }>;
  /** Changes per field; null when process data is missing. */
  changesByField: Record<string, number> | null;
  infoPanelsOpened: number;
  events: { name: string; value: number | string | boolean | null }[];
}

export interface Store {
  /** A named server secret, created (by `create`) and stored on first use, so cookies survive restarts. */
  loadOrCreateSecret(name: string, create: () => string): Promise<string>;
  /** Records that someone declined consent: the experiment and the time only. */
  recordConsentDecline(experimentKey: string, at: Date): Promise<void>;
  countConsentDeclines(experimentKey: string): Promise<number>;
  /**
   * Enrols a participant with an arm; a participant already enrolled keeps the
   * stored arm (sticky). With a PermutedBlockDraw the store takes the next free
   * position of the stratum's current block in the same transaction; a repeat
   * entry of an enrolled participant takes no position.
   */
  enrolParticipant(participant: NewParticipant): Promise<ParticipantRecord>;
  findParticipant(experimentKey: string, participantId: string): Promise<ParticipantRecord | undefined>;
  /** Records the first exposure with what the screen showed; returns false when it was already recorded. */
  recordExposure(experimentKey: string, participantId: string, definitionHash: string, presentation: object, at: Date): Promise<boolean>;
  /** Stores a decision and its process events once, atomically; a repeat returns the stored one with `created: false`. */
  recordDecision(decision: NewDecision): Promise<{ decision: StoredDecision; created: boolean }>;
  /** Stores all questionnaire answers at once, or none; a repeat stores nothing and returns false. */
  recordAnswers(experimentKey: string, participantId: string, answers: readonly NewAnswer[], at: Date): Promise<boolean>;
  listAnswers(experimentKey: string, participantId: string): Promise<NewAnswer[]>;
  listProcessEvents(experimentKey: string, participantId: string): Promise<ProcessEvent[]>;
  /** Marks completion once, returning the completion code (the first one on a repeat). */
  recordCompletion(experimentKey: string, participantId: string, code: string, at: Date): Promise<string>;
  countByArm(experimentKey: string): Promise<ArmCount[]>;
  listDecisions(experimentKey: string): Promise<ParticipantDecisionRow[]>;
  /** Every participant of an experiment, in entry order, one at a time (flat memory for a million rows). */
  streamParticipantRows(experimentKey: string): AsyncIterable<ParticipantDataRow>;
  /** Every process event of an experiment (long format), participant by participant, in order. */
  streamProcessEvents(experimentKey: string): AsyncIterable<ProcessEvent & { participantId: string; arm: string; sequence: number }>;
  /** Time to decide of every decision, by arm (null where it was not measured). */
  listDecisionTimes(experimentKey: string): Promise<{ arm: string; timeToDecisionMs: number | null }[]>;
  /** Stores a new API key with the SHA-256 of its secret. */
  createApiKey(key: Omit<ApiKey, 'revokedAt'> & { secretSha256: string }): Promise<ApiKey>;
  listApiKeys(): Promise<ApiKey[]>;
  /** Revokes by id or client key; returns the key, or undefined when there is none. */
  revokeApiKey(idOrClientKey: string, at: Date): Promise<ApiKey | undefined>;
  findApiKeyBySecretSha256(secretSha256: string): Promise<ApiKey | undefined>;
  findApiKeyByClientKey(clientKey: string): Promise<ApiKey | undefined>;
  /**
   * Stores a batch of lender events atomically: all or none. Events whose
   * idempotency key was stored before are skipped. Throws UnknownUnitError
   * (storing nothing) when a unit was never assigned in its experiment.
   */
  recordApiEvents(events: readonly NewApiEvent[], apiKeyId: string, receivedAt: Date): Promise<{ stored: number; duplicates: number }>;
  listApiEvents(experimentKey: string, participantId?: string): Promise<StoredApiEvent[]>;
  /** Creates a user; false when the name is taken. */
  createUser(user: Pick<User, 'username' | 'role' | 'passwordHash' | 'createdAt'>): Promise<boolean>;
  findUser(username: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  /**
   * Counts a failed login; locks the account until `lockUntil` when this
   * failure reaches `limit`. A lock that has expired by `now` starts the count
   * afresh, so one wrong password every 15 minutes cannot keep an owner out.
   * Returns true when this failure locked the account.
   */
  recordLoginFailure(username: string, limit: number, lockUntil: Date, now: Date): Promise<boolean>;
  clearLoginFailures(username: string): Promise<void>;
  createSession(tokenSha256: string, username: string, createdAt: Date, expiresAt: Date): Promise<void>;
  /** The session's user, if the session exists and has not expired at `now`. */
  findSessionUser(tokenSha256: string, now: Date): Promise<User | undefined>;
  deleteSession(tokenSha256: string): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
  findExperimentState(experimentKey: string): Promise<ExperimentState | undefined>;
  /** Just the lifecycle state's name, read on every participant and API request (without the frozen definition). */
  findExperimentStateName(experimentKey: string): Promise<ExperimentStateName | undefined>;
  /** Lifecycle states of all experiments that have one. */
  listExperimentStates(): Promise<ExperimentState[]>;
  /**
   * Sets an experiment's state. The first move to `running` freezes the
   * definition (and so the analysis plan) with its SHA-256; later moves keep it.
   */
  setExperimentState(experimentKey: string, state: ExperimentStateName, at: Date, definition: { sha256: string; json: unknown }): Promise<ExperimentState>;
  /**
   * Removes one participant's data everywhere (participation, assignment,
   * exposure, decision, process events, answers, lender events) in one
   * transaction; in one experiment, or in all. Returns the experiments erased from.
   * On SQLite no recoverable copy stays in the files: deleted content is
   * zeroed (`secure_delete`) and the WAL is checkpointed and truncated.
   */
  eraseParticipant(participantId: string, experimentKey?: string): Promise<string[]>;
  /**
   * Process-data retention: deletes the raw process events of every decision
   * made before `cutoff`, first keeping each participant's summary (changes per
   * field, panels opened) on the decision row, so outcomes and analysis stay
   * as they were. Returns how many participants were summarised and events deleted.
   */
  deleteProcessDataBefore(cutoff: Date, at: Date): Promise<{ participants: number; events: number }>;
  /**
   * Counts `hits` (1, or -1 to take one back) for `key` in a fixed window of
   * `windowMs` that starts at the key's first hit, in the database, so that
   * every instance sees the same count. Returns the hits so far and when the window resets.
   */
  hitRateLimit(key: string, windowMs: number, now: Date, hits?: number): Promise<{ hits: number; resetAt: Date }>;
  resetRateLimit(key: string): Promise<void>;
  /** A consistent copy of the whole database at `path`, taken while the server keeps writing. */
  backup(path: string): Promise<void>;
  close(): Promise<void>;
}

/** An event for a unit that was never assigned in its experiment; `index` is its place in the batch. */
export class UnknownUnitError extends Error {
  constructor(
    readonly index: number,
    readonly experimentKey: string,
    readonly unitId: string,
  ) {
    super(`events[${index}].unitId: "${unitId}" was never assigned in experiment "${experimentKey}"; call /api/v1/assignments first`);
    this.name = 'UnknownUnitError';
  }
}
