import request from 'supertest';
import { experimentRegistry } from '../../../experiments/registry';
import { describe, expect, it } from 'vitest';
import { consentedParticipant } from '../../helpers/test-app';
import { workspaceApp } from './workspace-app';

describe('stopping an experiment', () => {
  it('asks first on a page that says what a stop means, and refuses a stop without the confirmation', async () => {
    const { signIn, store } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    const refused = await agent.post('/admin/experiments/loan-anchor/state').type('form').send({ _csrf: csrf, state: 'stopped' }).expect(400);
    expect(refused.text).toContain('/admin/experiments/loan-anchor/stop');
    expect((await store.findExperimentState('loan-anchor'))?.state).toBe('running');
    const notYes = await agent.post('/admin/experiments/loan-anchor/state').type('form').send({ _csrf: csrf, state: 'stopped', confirm: 'no' });
    expect(notYes.status).toBe(400);

    const page = (await agent.get('/admin/experiments/loan-anchor/stop').expect(200)).text;
    expect(page).toContain('Stopping is final');
    expect(page).toContain('nobody new is admitted');
    expect(page).toMatch(/<form method="post" action="\/admin\/experiments\/loan-anchor\/state">[\s\S]*name="_csrf" value="[^"]+"[\s\S]*name="state" value="stopped"[\s\S]*name="confirm" value="yes"/);
    expect(page).toContain('class="button button--danger"');

    await agent.post('/admin/experiments/loan-anchor/state').type('form').send({ _csrf: csrf, state: 'stopped', confirm: 'yes' }).expect(303).expect('location', '/admin');
    expect((await store.findExperimentState('loan-anchor'))?.state).toBe('stopped');
    const again = await agent.get('/admin/experiments/loan-anchor/stop').expect(409);
    expect(again.text).toContain('is stopped and cannot be stopped');
  });

  it('needs no confirmation to pause, and tells the participants counted so far on the stop page', async () => {
    const { app, signIn, store } = await workspaceApp();
    await consentedParticipant(app, 'credit-choice', 'one');
    await consentedParticipant(app, 'credit-choice', 'two');
    const { agent, csrf } = await signIn('admin');
    expect((await agent.get('/admin/experiments/credit-choice/stop').expect(200)).text).toMatch(/The 2 participants entered so far[\s\S]*\(2 have not completed yet\)/);
    await agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state: 'paused' }).expect(303);
    expect((await store.findExperimentState('credit-choice'))?.state).toBe('paused');
    await agent.get('/admin/experiments/no-such-thing/stop').expect(404);
  });

  it('shows on the dashboard when the state changed and by whom, with Stop as a danger link and Pause as a plain button', async () => {
    const { signIn } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    const before = (await agent.get('/admin').expect(200)).text;
    const card = (html: string, key: string) => html.slice(html.indexOf(`data-experiment="${key}"`), html.indexOf('</section>', html.indexOf(`data-experiment="${key}"`)));
    expect(card(before, 'credit-choice')).toContain('(initial state from the experiment file)');
    expect(card(before, 'credit-choice')).toContain('<a class="button button--danger" href="/admin/experiments/credit-choice/stop" data-stop>Stop…</a>');
    expect(card(before, 'credit-choice')).toMatch(/<button type="submit" class="button">Pause<\/button>/);

    await agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state: 'paused' }).expect(303);
    await agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state: 'stopped', confirm: 'yes' }).expect(303);
    const after = card((await agent.get('/admin').expect(200)).text, 'credit-choice');
    const minute = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const previousMinute = new Date(Date.now() - 60_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(after).toContain('data-state>stopped<');
    expect(after).toMatch(new RegExp(`since (${minute}|${previousMinute}) UTC, by <strong data-state-by>admin</strong>`));
    expect(after).toMatch(/<strong>stop<\/strong> \(paused → stopped\) by admin[\s\S]*<strong>pause<\/strong> \(running → paused\) by admin/);
    expect(after).not.toContain('data-stop');
    expect(card((await agent.get('/admin').expect(200)).text, 'loan-anchor')).toContain('data-stop');
  });
});

describe('erasing a participant', () => {
  it('has its own page with the experiment chosen from a list, and the audit log no longer carries the form', async () => {
    const { signIn } = await workspaceApp();
    const { agent } = await signIn('admin');
    const page = (await agent.get('/admin/participants/erase').expect(200)).text;
    expect(page).toContain('<form method="get" action="/admin/participants/erase/confirm"');
    expect(page.match(/<option value="[^"]+"/g)).toEqual(['<option value="all"', ...experimentRegistry.map((file) => `<option value="${(file.definition as { key: string }).key}"`)]);
    const audit = (await agent.get('/admin/audit').expect(200)).text;
    expect(audit).not.toContain('action="/admin/participants/erase"');
    expect(audit).toContain('href="/admin/participants/erase"');
  });

  it('confirms first, naming the experiments with data, then erases; a POST without confirm is a 400 and erases nothing', async () => {
    const { app, signIn, store } = await workspaceApp();
    await consentedParticipant(app, 'credit-choice', 'p-9');
    await consentedParticipant(app, 'loan-anchor', 'p-9');
    const { agent, csrf } = await signIn('admin');

    const confirmation = (await agent.get('/admin/participants/erase/confirm').query({ participantId: 'p-9', experiment: 'all' }).expect(200)).text;
    expect(confirmation).toContain('Erasing cannot be undone');
    expect(confirmation).toMatch(/data-found-in>loan-anchor, credit-choice</);
    expect(confirmation).toMatch(/name="participantId" value="p-9"[\s\S]*name="experiment" value="all"[\s\S]*name="confirm" value="yes"/);
    const onlyOne = (await agent.get('/admin/participants/erase/confirm').query({ participantId: 'p-9', experiment: 'credit-choice' }).expect(200)).text;
    expect(onlyOne).toMatch(/data-found-in>credit-choice</);

    const refused = await agent.post('/admin/participants/erase').type('form').send({ _csrf: csrf, participantId: 'p-9', experiment: 'credit-choice' }).expect(400);
    expect(refused.text).toContain('needs a confirmation');
    expect(await store.findParticipant('credit-choice', 'p-9')).toBeDefined();

    await agent
      .post('/admin/participants/erase')
      .type('form')
      .send({ _csrf: csrf, participantId: 'p-9', experiment: 'credit-choice', confirm: 'yes' })
      .expect(303)
      .expect('location', '/admin/participants/erase?erased=credit-choice');
    expect(await store.findParticipant('credit-choice', 'p-9')).toBeUndefined();
    expect(await store.findParticipant('loan-anchor', 'p-9')).toBeDefined();
    expect((await agent.get('/admin/participants/erase?erased=credit-choice').expect(200)).text).toMatch(/data-erased>The participant’s data was erased from credit-choice\./);
    expect((await store.listAudit(1))[0]).toMatchObject({ action: 'participant.erase', actor: 'admin', details: { experiments: ['credit-choice'] } });
  });

  it('answers an unknown participant with 404 and a bad experiment with 400, on the form page, erasing nothing', async () => {
    const { signIn } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    const unknown = await agent.get('/admin/participants/erase/confirm').query({ participantId: 'nobody', experiment: 'loan-anchor' }).expect(404);
    expect(unknown.text).toContain('There is no participant &#34;nobody&#34; in loan-anchor');
    expect(unknown.text).toContain('value="nobody"');
    const badExperiment = await agent.get('/admin/participants/erase/confirm').query({ participantId: 'p-1', experiment: 'nope' }).expect(400);
    expect(badExperiment.text).toContain('Choose an experiment from the list');
    await agent.get('/admin/participants/erase/confirm').query({ participantId: '' }).expect(400);
    await agent.post('/admin/participants/erase').type('form').send({ _csrf: csrf, participantId: 'p-1', experiment: 'nope', confirm: 'yes' }).expect(400);
  });
});

describe('API keys from the page', () => {
  it('refuses a key with no experiment ticked, instead of giving it all of them', async () => {
    const { signIn, store } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    const refused = await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Lender C' }).expect(400);
    expect(refused.text).toContain('Tick the experiments this key may use');
    expect(refused.text).toContain('value="Lender C"');
    expect(await store.listApiKeys()).toEqual([]);
    await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Lender C', experiments: ['*', 'loan-anchor'] }).expect(400);
    await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Lender C', experiments: 'no-such-experiment' }).expect(400);
    expect(await store.listApiKeys()).toEqual([]);
  });

  it('gives all experiments only when "All experiments" is ticked, and exactly the ticked ones otherwise', async () => {
    const { signIn, store } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Everything', experiments: '*' }).expect(200);
    await agent.post('/admin/api-keys').type('form').send({ _csrf: csrf, name: 'Two', experiments: ['loan-anchor', 'credit-choice'] }).expect(200);
    const keys = await store.listApiKeys();
    expect(keys.map((key) => [key.name, key.experiments])).toEqual(expect.arrayContaining([['Everything', null], ['Two', ['loan-anchor', 'credit-choice']]]));
    expect((await agent.get('/admin/api-keys').expect(200)).text).toContain('All experiments, including ones added later');
  });
});

describe('the dashboard', () => {
  it('counts participants per arm at each step with the dropout, and the progress against the planned sample', async () => {
    const { app, signIn, store } = await workspaceApp();
    const first = await consentedParticipant(app, 'loan-anchor', 'funnel-1');
    await consentedParticipant(app, 'loan-anchor', 'funnel-2');
    await first.agent.get('/e/loan-anchor/screen').expect(200);
    const arm = (await store.findParticipant('loan-anchor', 'funnel-1'))!.arm!;
    const other = (await store.findParticipant('loan-anchor', 'funnel-2'))!.arm!;
    const { agent } = await signIn('anna');
    const html = (await agent.get('/admin').expect(200)).text;
    const card = html.slice(html.indexOf('data-experiment="loan-anchor"'), html.indexOf('</section>', html.indexOf('data-experiment="loan-anchor"')));
    const row = (armKey: string) => card.slice(card.indexOf(`data-arm="${armKey}"`), card.indexOf('</tr>', card.indexOf(`data-arm="${armKey}"`)));
    const cell = (armKey: string, step: string) => /<td data-step="\w+">([^<]*)(?:<span class="dropout">\(−([^)]*)\)<\/span>)?<\/td>/.exec(row(armKey).slice(row(armKey).indexOf(`<td data-step="${step}"`)))!;
    if (arm === other) {
      expect(cell(arm, 'entered')[1]!.trim()).toBe('2');
      expect(cell(arm, 'exposed').slice(1, 3).map((text) => text?.trim())).toEqual(['1', '50%']);
    } else {
      expect(cell(arm, 'exposed').slice(1, 3).map((text) => text?.trim())).toEqual(['1', '0%']);
      expect(cell(other, 'exposed').slice(1, 3).map((text) => text?.trim())).toEqual(['0', '100%']);
    }
    expect(cell('all', 'entered')[1]!.trim()).toBe('2');
    expect(cell('all', 'exposed').slice(1, 3).map((text) => text?.trim())).toEqual(['1', '50%']);
    expect(cell('all', 'decided').slice(1, 3).map((text) => text?.trim())).toEqual(['0', '100%']);
    expect(cell('all', 'completed').slice(1, 3).map((text) => text?.trim())).toEqual(['0', undefined]);
    expect(card).toMatch(/Sample: <strong>0<\/strong> of 375 planned decided\s*\(125 per arm × 3 arms; smallest arm 0\)/);
    expect(card).toContain('data-return-link="none"');
    expect(card).not.toContain('data-stop');
  });

  it('shows the panel return link when the experiment declares one', async () => {
    const { loanAnchor } = await import('../../../experiments/loan-anchor');
    const withReturn = { ...loanAnchor, key: 'with-return', completion: { redirectUrlTemplate: 'https://panel.example/complete?code={code}' } };
    const { signIn } = await workspaceApp({ files: [{ file: 'experiments/with-return.ts', definition: withReturn }] });
    const { agent } = await signIn('anna');
    const html = (await agent.get('/admin').expect(200)).text;
    expect(html).toContain('value="https://panel.example/complete?code={code}"');
  });
});

describe('the start page', () => {
  it('says what the server is, links each running experiment and the workspace, and leaves out the others', async () => {
    const { app, signIn } = await workspaceApp();
    const { agent, csrf } = await signIn('admin');
    await agent.post('/admin/experiments/credit-choice/state').type('form').send({ _csrf: csrf, state: 'paused' }).expect(303);
    const page = await request(app).get('/').expect(200).expect('content-type', /html/);
    expect(page.text).toContain('behavioural experiments on consumer-credit application screens');
    // A test link, signed with the server secret: whoever follows it is test traffic.
    expect(page.text).toMatch(/<a href="\/e\/loan-anchor\?test=[0-9a-f]{32}" data-entry-link>/);
    expect(page.text).not.toContain('/e/credit-choice');
    expect(page.text).toContain('href="/admin" data-workspace-link');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    for (const file of experimentRegistry) {
      const key = (file.definition as { key: string }).key;
      if (key !== 'credit-choice') await agent.post(`/admin/experiments/${key}/state`).type('form').send({ _csrf: csrf, state: 'paused' }).expect(303);
    }
    expect((await request(app).get('/').expect(200)).text).toContain('data-running="none"');
  });
});
