import type { Locale } from '../i18n/locale';
import type { AccountsStore } from './accounts-store';
import type { LenderApiStore } from './lender-api-store';
import type { LifecycleStore } from './lifecycle-store';
import type { ExperimentNotesStore } from './experiment-notes-store';
import type { PanelParametersStore } from './panel-parameters-store';
import type { ParticipationStore } from './participation-store';
import type { ParticipationBindingStore } from './participation-binding-store';
import type { PrivacyStore } from './privacy-store';
import type { RateLimitCounter } from './rate-limit-counter';
import type { ResultsReadStore } from './results-read-store';

/**
 * The records the store keeps and returns. The store itself is one
 * implementation over SQLite and PostgreSQL (sql-store.ts), split by concern
 * into the modules whose interfaces make up `Store` below.
 */

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
  /** Test traffic (a simulated participant or a signed test link): left out of counts, results and default exports. False by default. */
  isTest?: boolean;
  experimentKey: string;
  participantId: string;
  panelId: string | null;
  locale: Locale;
  userAgentClass: UserAgentClass;
  /**
   * The arm (hashing, decided by the caller), or a permuted-block draw that
   * the store resolves on enrolment; null enrols without an arm, which
   * `recordAnswers` assigns later (a stratum from a before-screen answer).
   */
  arm: string | PermutedBlockDraw | null;
  definitionHash: string;
  at: Date;
  /** The API key that assigned the unit (source `api`): only that key may send its events or read its data. */
  assignedByApiKeyId?: string | null;
  /** A keyed hash of the one-time value of the consent page the participant accepted on (see consentPageHash); a second accept from that page goes on. */
  consentPageHash?: string | null;
  /** Declared lender attributes (e.g. `{ income_band: '2000-3500' }`), already checked against the definition; stored at enrolment only. */
  attributes?: Readonly<Record<string, string>>;
  /**
   * When enrolment is also the exposure (a lender's assignment): what was
   * shown in the arm the store settles on, recorded at `at` in the same
   * transaction, so a new unit costs one commit. A repeat entry records nothing.
   */
  exposure?: (arm: string) => object;
}

/** An arm to assign to a participant enrolled without one: hashed, or drawn from a permuted block when the store takes the position. */
export interface NewAssignment {
  arm: string | PermutedBlockDraw;
  /** The definition's version hash, stored with the assignment. */
  definitionHash: string;
}

/** Which participants a read covers: all (a researcher), or only the units one API key assigned (a lender). */
export interface ParticipantScope {
  assignedByApiKeyId: string;
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
  /** How the id entered: `panel` (the participant pages) or `api` (a lender's unit). */
  source: 'panel' | 'api';
  locale: Locale;
  enteredAt: Date;
  /**
   * The assigned arm; null while a participant of a design stratified by a
   * before-screen answer has not given it (no arm, no block position, and
   * the screen is never shown).
   */
  arm: string | null;
  /** The permuted block the arm was drawn from; null for hashing. */
  block: BlockPosition | null;
  /** The API key that assigned this unit; null for panel participants. */
  assignedByApiKeyId: string | null;
  exposedAt: Date | null;
  /** What the screen showed this participant (e.g. the randomised product order), as logged at exposure. */
  presentation: Record<string, unknown> | null;
  decision: StoredDecision | null;
  answeredAt: Date | null;
  /** The questions the participant has answered (before and after the screen), by key. */
  answeredQuestionKeys: string[];
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

/** A lender's API key, without its secret (only the secret's hash is stored). */
export interface ApiKey {
  id: string;
  name: string;
  clientKey: string;
  /** Experiments the key may use; null means all. */
  experiments: string[] | null;
  /** What the key may do beyond its own units: `results` reads the aggregate results of its experiments. */
  scopes: ApiKeyScope[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** The scopes an API key can be given. */
export const apiKeyScopes = ['results'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

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
  /** Set when an admin disabled the account: it cannot sign in and has no sessions. */
  disabledAt: Date | null;
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
  /** Test traffic; only streamed when asked for with `includeTest`. */
  isTest: boolean;
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
  /** Lender attributes stored with the assignment, by key; empty when none were sent. */
  attributes: Record<string, string>;
  /** Changes per field; null when process data is missing. */
  changesByField: Record<string, number> | null;
  infoPanelsOpened: number;
  events: { name: string; value: number | string | boolean | null }[];
  /** The panel's declared entry-link parameters (e.g. STUDY_ID) as the participant's link carried them. */
  panelParameters: Record<string, string>;
}

/**
 * The store every route talks to: the intersection of its concerns. Methods
 * are async, so that SQLite and PostgreSQL serve the same callers. Every
 * write is idempotent on its natural key: repeating it returns what was stored
 * first and changes nothing.
 */
export type Store = ParticipationStore &
  ParticipationBindingStore &
  LenderApiStore &
  AccountsStore &
  LifecycleStore &
  PrivacyStore &
  RateLimitCounter &
  PanelParametersStore &
  ExperimentNotesStore &
  ResultsReadStore & {
    close(): Promise<void>;
  };

/** A write for a participant who is not (or no longer: erased meanwhile) enrolled in the experiment; nothing was stored. */
export class UnknownParticipantError extends Error {
  /** Where no page turns it into the friendly participant page (the lender API), it answers 404 with its message, not 500. */
  readonly status = 404;
  constructor(
    readonly experimentKey: string,
    readonly participantId: string,
  ) {
    super(`participant ${participantId} is not enrolled in ${experimentKey}`);
    this.name = 'UnknownParticipantError';
  }
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
