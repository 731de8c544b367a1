import { describe, expect, it as itAvailable } from 'vitest';
import type { NewParticipant, PermutedBlockDraw } from '../../../server/store/store';
import { storeEngines } from '../../helpers/store-engines';

const at = new Date('2026-11-28T21:00:00.000Z');
const unit = (participantId: string, arm: NewParticipant['arm'], exposure?: NewParticipant['exposure']): NewParticipant => ({
  source: 'api',
  experimentKey: 'credit-choice',
  participantId,
  panelId: null,
  locale: 'nl',
  userAgentClass: 'unknown',
  arm,
  definitionHash: 'hash-1',
  at,
  exposure,
});

describe.each(storeEngines({ poolSize: 2, noun: ' store' }))('enrolment that is also the exposure, on the $name', ({ available, open }) => {
  const it = available ? itAvailable : itAvailable.skip;

  it('records the exposure with the enrolment, showing what the arm the store settled on shows', async () => {
    const store = await open();
    const enrolled = await store.enrolParticipant(unit('visitor-1', 'revolving-first', (arm) => ({ shown: arm })));
    expect(enrolled).toMatchObject({ arm: 'revolving-first', exposedAt: at, presentation: { shown: 'revolving-first' } });
    const stored = await store.findParticipant('credit-choice', 'visitor-1');
    expect(stored).toMatchObject({ arm: 'revolving-first', exposedAt: at, presentation: { shown: 'revolving-first' } });
    // The exposure is the first one: recording it again changes nothing.
    expect(await store.recordExposure('credit-choice', 'visitor-1', 'hash-1', { shown: 'other' }, new Date())).toBe(false);
    await store.close();
  });

  it('passes the arm a permuted block gives to the exposure', async () => {
    const store = await open();
    const draw: PermutedBlockDraw = { method: 'permuted-blocks', stratum: '', blockSize: 2, armAt: (_block, position) => (position === 0 ? 'fixed-first' : 'revolving-first') };
    const first = await store.enrolParticipant(unit('visitor-1', draw, (arm) => ({ shown: arm })));
    const second = await store.enrolParticipant(unit('visitor-2', draw, (arm) => ({ shown: arm })));
    expect([first.presentation, second.presentation]).toEqual([{ shown: 'fixed-first' }, { shown: 'revolving-first' }]);
    expect((await store.findParticipant('credit-choice', 'visitor-2'))?.presentation).toEqual({ shown: 'revolving-first' });
    await store.close();
  });

  it('records no exposure for a repeat entry, nor without one asked for', async () => {
    const store = await open();
    await store.enrolParticipant(unit('visitor-1', 'fixed-first'));
    const again = await store.enrolParticipant(unit('visitor-1', 'revolving-first', (arm) => ({ shown: arm })));
    expect(again).toMatchObject({ arm: 'fixed-first', exposedAt: null, presentation: null });
    expect((await store.findParticipant('credit-choice', 'visitor-1'))?.exposedAt).toBeNull();
    await store.close();
  });
});
