/**
 * The store every route talks to. Methods are async so that a PostgreSQL
 * implementation can follow the SQLite one without touching callers. Every
 * write is idempotent on its natural key: repeating it returns what was stored
 * first and changes nothing.
 */

export type Locale = 'nl' | 'en';
export type UserAgentClass = 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';

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

export interface StoredDecision {
  arm: string;
  values: Record<string, number | string>;
  keptDefault: boolean | null;
  decidedAt: Date;
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
  decision: StoredDecision | null;
  completion: { code: string; completedAt: Date } | null;
}

export interface NewDecision {
  experimentKey: string;
  participantId: string;
  values: Record<string, number | string>;
  keptDefault: boolean | null;
  at: Date;
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
  values: Record<string, number | string>;
}

export interface Store {
  /** A named server secret, created (by `create`) and stored on first use, so cookies survive restarts. */
  loadOrCreateSecret(name: string, create: () => string): Promise<string>;
  /** Records that someone declined consent: the experiment and the time only. */
  recordConsentDecline(experimentKey: string, at: Date): Promise<void>;
  /** Enrols a participant with an arm; a participant already enrolled keeps the stored arm (sticky). */
  enrolParticipant(participant: NewParticipant): Promise<ParticipantRecord>;
  findParticipant(experimentKey: string, participantId: string): Promise<ParticipantRecord | undefined>;
  /** Records the first exposure; returns false when it was already recorded. */
  recordExposure(experimentKey: string, participantId: string, definitionHash: string, at: Date): Promise<boolean>;
  /** Stores a decision once; a repeat returns the stored one with `created: false`. */
  recordDecision(decision: NewDecision): Promise<{ decision: StoredDecision; created: boolean }>;
  /** Marks completion once, returning the completion code (the first one on a repeat). */
  recordCompletion(experimentKey: string, participantId: string, code: string, at: Date): Promise<string>;
  countByArm(experimentKey: string): Promise<ArmCount[]>;
  countConsentDeclines(experimentKey: string): Promise<number>;
  listDecisions(experimentKey: string): Promise<ParticipantDecisionRow[]>;
  close(): Promise<void>;
}
