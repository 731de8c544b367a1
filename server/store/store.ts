/**
 * The store every route talks to. Methods are async so that a PostgreSQL
 * implementation can follow the SQLite one without touching callers. Every
 * write is idempotent on its natural key: repeating it returns what was stored
 * first and changes nothing.
 */

export type Locale = 'nl' | 'en';
export type UserAgentClass = 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
export type DecisionValue = number | string;

export interface NewParticipant {
  experimentKey: string;
  participantId: string;
  panelId: string | null;
  locale: Locale;
  userAgentClass: UserAgentClass;
  arm: string;
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

export interface Store {
  /** A named server secret, created (by `create`) and stored on first use, so cookies survive restarts. */
  loadOrCreateSecret(name: string, create: () => string): Promise<string>;
  /** Records that someone declined consent: the experiment and the time only. */
  recordConsentDecline(experimentKey: string, at: Date): Promise<void>;
  countConsentDeclines(experimentKey: string): Promise<number>;
  /** Enrols a participant with an arm; a participant already enrolled keeps the stored arm (sticky). */
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
  close(): Promise<void>;
}
