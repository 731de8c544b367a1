import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { prolificStudy, prolificStudyFile } from '../../helpers/prolific-study';
import { workspaceApp } from './workspace-app';

const signedStudy = { ...prolificStudy, key: 'signed-prolific', entryLinks: { signed: true } };
const files = [...experimentRegistry, prolificStudyFile, { file: 'signed.ts', definition: signedStudy }];

/** The dashboard card of one experiment. */
const cardOf = (page: string, key: string) => new RegExp(`<section class="experiment-card" data-experiment="${key}"[\\s\\S]*?\\n</section>`).exec(page)?.[0] ?? 'missing';

describe('the panel’s links on the dashboard', () => {
  it('shows the entry link with the panel’s own placeholders and the language, and the return link', async () => {
    const { signIn } = await workspaceApp({ files });
    const { agent } = await signIn('anna');
    const card = cardOf((await agent.get('/admin').set('host', 'study.example').expect(200)).text, 'prolific-study');
    expect(card).toContain(
      'value="http://study.example/e/prolific-study?PROLIFIC_PID={{%PROLIFIC_PID%}}&amp;STUDY_ID={{%STUDY_ID%}}&amp;SESSION_ID={{%SESSION_ID%}}&amp;lang=en"',
    );
    expect(card).toContain('value="https://app.prolific.example/submissions/complete?cc={code}"');
    expect(card).toContain('the panel id as <code>PROLIFIC_PID</code>, and records <code>STUDY_ID</code>, <code>SESSION_ID</code>; language <code>en</code>, or <code>lang=nl</code>');
    expect(card).not.toContain('links must be signed');
  });

  it('adds the signature placeholder and says so when links are signed', async () => {
    const { signIn } = await workspaceApp({ files });
    const { agent } = await signIn('admin');
    const card = cardOf((await agent.get('/admin').set('host', 'study.example').expect(200)).text, 'signed-prolific');
    expect(card).toContain('&amp;SESSION_ID={{%SESSION_ID%}}&amp;sig={SIGNATURE}&amp;lang=en"');
    expect(card).toContain('links must be signed: <code>{SIGNATURE}</code> is the HMAC-SHA256 of the panel id');
  });
});

describe('notes per experiment', () => {
  it('keeps an admin’s notes with author and time, newest first, escaped, and audits them', async () => {
    let clock = new Date('2026-03-01T09:00:00Z');
    const { signIn, store } = await workspaceApp({ files, now: () => clock });
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ _csrf: csrf, note: 'Prolific batch 1 (100 places) sent' }).expect(303).expect('location', '/admin#notes-loan-anchor');
    clock = new Date('2026-03-01T09:30:00Z');
    await agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ _csrf: csrf, note: '<b>Batch 2</b> & reminder' }).expect(303);
    const card = cardOf((await agent.get('/admin').expect(200)).text, 'loan-anchor');
    const first = card.indexOf('&lt;b&gt;Batch 2&lt;/b&gt; &amp; reminder');
    const second = card.indexOf('Prolific batch 1 (100 places) sent');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(card).not.toContain('<b>Batch 2</b>');
    expect(card).toContain('<strong>admin</strong>, 2026-03-01 09:30 UTC');
    expect(card).toContain('<strong>admin</strong>, 2026-03-01 09:00 UTC');
    expect(cardOf((await agent.get('/admin').expect(200)).text, 'credit-choice')).toContain('No notes yet.');
    const audit = await store.listAudit(10);
    expect(audit.filter((entry) => entry.action === 'experiment.note').map((entry) => [entry.actor, entry.subject, entry.details])).toEqual([
      ['admin', 'loan-anchor', { characters: 25 }],
      ['admin', 'loan-anchor', { characters: 34 }],
    ]);
  });

  it('lets researchers read notes but not add them, and refuses a form without its CSRF token', async () => {
    const { signIn, store } = await workspaceApp({ files });
    const admin = await signIn('admin');
    await admin.agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ _csrf: admin.csrf, note: 'Visible to researchers' }).expect(303);
    const researcher = await signIn('anna');
    const card = cardOf((await researcher.agent.get('/admin').expect(200)).text, 'loan-anchor');
    expect(card).toContain('Visible to researchers');
    expect(card).not.toContain('action="/admin/experiments/loan-anchor/notes"');
    await researcher.agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ _csrf: researcher.csrf, note: 'Not allowed' }).expect(403);
    await admin.agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ note: 'No token' }).expect(403);
    expect((await store.listExperimentNotes('loan-anchor', 10)).map((note) => note.note)).toEqual(['Visible to researchers']);
  });

  it.each([
    ['an empty note', '   '],
    ['a note over 2,000 characters', 'x'.repeat(2001)],
  ])('answers %s with a 400 that says why, storing nothing', async (_case, note) => {
    const { signIn, store } = await workspaceApp({ files });
    const { agent, csrf } = await signIn('admin');
    const page = await agent.post('/admin/experiments/loan-anchor/notes').type('form').send({ _csrf: csrf, note }).expect(400);
    expect(page.text).toContain('A note needs some text, at most 2000 characters');
    expect(await store.listExperimentNotes('loan-anchor', 10)).toEqual([]);
  });

  it('answers a note for an unknown experiment with 404', async () => {
    const { signIn } = await workspaceApp({ files });
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/experiments/no-such/notes').type('form').send({ _csrf: csrf, note: 'Lost' }).expect(404);
  });
});
