import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { loanAnchor } from '../../../experiments/loan-anchor';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { assignArm } from '../../../server/assignment/assign-arm';
import { listDecisions } from '../../helpers/store-reads';
import { amountFieldValueOf, consentedParticipant, createTestApp, csrfTokenOf } from '../../helpers/test-app';
import { idInArm } from '../../helpers/ids-in-arm';
import { prolificId, prolificStudy, prolificStudyFile } from '../../helpers/prolific-study';

const files = [...experimentRegistry, prolificStudyFile];

/** The header's brand block of a page. */
const brandBlock = (html: string) => /<div class="lender-brand[\s\S]*?<\/div>/.exec(html)?.[0] ?? 'missing';

describe('amounts as the locale writes them', () => {
  it.each([
    ['nl', 'low-anchor', '2.500'],
    ['nl', 'high-anchor', '25.000'],
    ['en', 'low-anchor', '2,500'],
    ['en', 'high-anchor', '25,000'],
  ])('pre-fills the %s field of %s as %s, and reads it back as the kept default', async (lang, arm, shown) => {
    const { app, store } = createTestApp();
    const pid = idInArm(loanAnchor, arm, `prefill-${lang}`);
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', pid, lang);
    const screen = await agent.get('/e/loan-anchor/screen').expect(200);
    expect(amountFieldValueOf(screen.text)).toBe(shown);
    await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: shown, term: '60' }).expect(303);
    expect(await listDecisions(store, 'loan-anchor')).toEqual([{ participantId: pid, arm, values: { amount: arm === 'low-anchor' ? 2500 : 25000, term: 60 } }]);
    for await (const row of store.streamParticipantRows('loan-anchor')) expect(row.keptDefault).toBe(true);
  });

  it('names the JKP on the rate line, in both languages', async () => {
    const { app } = createTestApp();
    const dutch = await consentedParticipant(app, 'loan-anchor', 'rate-nl', 'nl');
    const english = await consentedParticipant(app, 'loan-anchor', 'rate-en', 'en');
    expect((await dutch.agent.get('/e/loan-anchor/screen').expect(200)).text).toContain('<p class="apr">Jaarlijks kostenpercentage (JKP): 7,9%, vast voor de hele looptijd (ter illustratie).</p>');
    expect((await english.agent.get('/e/loan-anchor/screen').expect(200)).text).toContain('<p class="apr">Annual percentage rate (APR): 7.9%, fixed for the whole term (for illustration).</p>');
  });
});

describe('the first view of a screen, rendered once per arm', () => {
  it('is the same page for two participants of an arm but for each one’s own CSRF token, which their decision is sent with', async () => {
    const { app, store } = createTestApp();
    const ids = [idInArm(loanAnchor, 'low-anchor', 'first-view-a'), idInArm(loanAnchor, 'low-anchor', 'first-view-b')];
    const participants = await Promise.all(ids.map((pid) => consentedParticipant(app, 'loan-anchor', pid, 'nl')));
    expect(participants[0]!.csrf).not.toBe(participants[1]!.csrf);
    const screens = await Promise.all(participants.map(async ({ agent }) => (await agent.get('/e/loan-anchor/screen').expect(200)).text));
    screens.forEach((screen, index) => expect(csrfTokenOf(screen)).toBe(participants[index]!.csrf));
    expect(screens[0]!.split(participants[0]!.csrf).join('TOKEN')).toBe(screens[1]!.split(participants[1]!.csrf).join('TOKEN'));
    for (const [index, { agent }] of participants.entries()) {
      await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrfTokenOf(screens[index]!), amount: '3.000', term: '60' }).expect(303);
    }
    expect((await listDecisions(store, 'loan-anchor')).map((decision) => decision.participantId).sort()).toEqual([...ids].sort());
  });

  it('shows each arm and language its own page from one app, and a refused form what was entered', async () => {
    const { app } = createTestApp();
    const seen: string[] = [];
    for (const [arm, lang] of [['low-anchor', 'nl'], ['high-anchor', 'nl'], ['low-anchor', 'en'], ['high-anchor', 'en'], ['low-anchor', 'nl']] as const) {
      const { agent } = await consentedParticipant(app, 'loan-anchor', idInArm(loanAnchor, arm, `first-view-${seen.length}`), lang);
      const screen = (await agent.get('/e/loan-anchor/screen').expect(200)).text;
      seen.push(`${amountFieldValueOf(screen)} ${/<html lang="(\w+)"/.exec(screen)?.[1]}`);
    }
    expect(seen).toEqual(['2.500 nl', '25.000 nl', '2,500 en', '25,000 en', '2.500 nl']);
    const { agent, csrf } = await consentedParticipant(app, 'loan-anchor', idInArm(loanAnchor, 'low-anchor', 'first-view-refused'), 'nl');
    await agent.get('/e/loan-anchor/screen').expect(200);
    const refused = await agent.post('/e/loan-anchor/screen').type('form').send({ _csrf: csrf, amount: 'veel', term: '60' }).expect(400);
    expect(amountFieldValueOf(refused.text)).toBe('veel');
    // The refused form does not become the first view of the next participant of the arm.
    const next = await consentedParticipant(app, 'loan-anchor', idInArm(loanAnchor, 'low-anchor', 'first-view-after'), 'nl');
    expect(amountFieldValueOf((await next.agent.get('/e/loan-anchor/screen').expect(200)).text)).toBe('2.500');
  });
});

describe('the lender brand', () => {
  it('shows the same brand, under the AFM warning, on the screen of every arm', async () => {
    const { app, experiments } = createTestApp({ files });
    const definition = experiments.get('prolific-study')!.definition;
    const blocks = new Set<string>();
    for (const arm of definition.arms.map((candidate) => candidate.key)) {
      let index = 0;
      while (assignArm(definition, prolificId(100 + index)) !== arm) index += 1;
      const id = prolificId(100 + index);
      const agent = request.agent(app);
      const consentPage = await agent.get(`/e/prolific-study?PROLIFIC_PID=${id}`).expect(200);
      await agent.post('/e/prolific-study/consent').type('form').send({ _csrf: csrfTokenOf(consentPage.text), choice: 'accept', pid: id, lang: 'en' }).expect(303);
      const screen = (await agent.get('/e/prolific-study/screen').expect(200)).text;
      expect(screen.indexOf('class="credit-warning"')).toBeLessThan(screen.indexOf('class="lender-brand'));
      expect(screen).toContain('<link rel="stylesheet" href="/e/prolific-study/brand.css">');
      blocks.add(brandBlock(screen));
    }
    expect(blocks.size).toBe(1);
    expect([...blocks][0]).toContain('<img class="lender-brand__logo" src="/static/brands/voorbeeldbank.svg" alt="Voorbeeldbank">');
  });

  it('serves the brand colour as a stylesheet under the unchanged CSP, and the logo from the static files', async () => {
    const { app } = createTestApp({ files });
    const css = await request(app).get('/e/prolific-study/brand.css').expect(200).expect('content-type', /text\/css/);
    expect(css.text).toBe(':root { --brand-colour: #00685e; }\n');
    await request(app).get('/static/brands/voorbeeldbank.svg').expect(200);
    await request(app).get('/e/loan-anchor/brand.css').expect(404);
  });

  it('refuses to start when the logo is not among the static files', () => {
    const missingLogo = { ...prolificStudy, key: 'missing-logo', lenderBrand: { name: 'Bank', logo: '/static/brands/no-such-logo.svg' } };
    expect(() => createTestApp({ files: [...experimentRegistry, { file: 'experiments/missing-logo.ts', definition: missingLogo }] })).toThrow(
      'experiments/missing-logo.ts: lenderBrand.logo: /static/brands/no-such-logo.svg is not a file in views/static/',
    );
  });

  it('shows no brand for an experiment without one', async () => {
    const { app } = createTestApp();
    expect((await request(app).get('/e/loan-anchor?pid=plain').expect(200)).text).not.toContain('lender-brand');
  });

  it.each([
    ['a brand in an arm', { arms: loanAnchor.arms.map((arm, index) => (index === 1 ? { ...arm, lenderBrand: { name: 'Other bank' } } : arm)) }, /arms\[1\]: Unrecognized key: "lenderBrand"/],
    ['a colour that is not hex', { lenderBrand: { name: 'Bank', colour: 'red; background: url(x)' } }, /lenderBrand\.colour: must be a hex colour/],
    ['a logo outside the static files', { lenderBrand: { name: 'Bank', logo: 'https://tracker.example/logo.png' } }, /lenderBrand\.logo: must be a file under \/static\//],
    ['a logo path climbing out', { lenderBrand: { name: 'Bank', logo: '/static/../server/secret.png' } }, /lenderBrand\.logo/],
  ])('refuses %s at start-up', (_case, change, message) => {
    expect(() => validateExperiments([{ file: 'experiments/broken.ts', definition: { ...loanAnchor, ...change } }])).toThrow(message);
  });
});

describe('consent and debrief texts', () => {
  it('names the researcher, contact and ethics reference on the consent page, in the participant’s language', async () => {
    const { app } = createTestApp({ files });
    const english = (await request(app).get(`/e/prolific-study?PROLIFIC_PID=${prolificId(200)}`).expect(200)).text;
    expect(english).toContain('Researcher: Dr. A. de Vries, Universiteit Utrecht');
    expect(english).toContain('Contact for questions about this study: <a href="mailto:a.devries@example.nl">a.devries@example.nl</a>');
    expect(english).toContain('Approved by the ethics committee, reference FETC 24-123.');
    const dutch = (await request(app).get(`/e/prolific-study?PROLIFIC_PID=${prolificId(200)}&lang=nl`).expect(200)).text;
    expect(dutch).toContain('Onderzoeker: Dr. A. de Vries, Universiteit Utrecht');
    expect(dutch).toContain('Goedgekeurd door de ethische commissie, referentie FETC 24-123.');
  });

  it('falls back to the standard texts, without empty researcher lines, when the experiment declares none', async () => {
    const { app } = createTestApp();
    const page = (await request(app).get('/e/loan-anchor?pid=defaults').expect(200)).text;
    expect(page).toContain('U doet mee aan een onderzoek van enkele minuten');
    expect(page).toContain('uw naam, e-mailadres of IP-adres slaan we niet op');
    expect(page).not.toContain('Onderzoeker:');
    expect(page).not.toContain('ethische commissie');
  });

  it('uses the declared data-use text and consent introduction in each language', async () => {
    const declared = {
      ...prolificStudy,
      key: 'declared-texts',
      studyInformation: {
        consentIntro: { nl: 'Een korte studie van de Voorbeeldbank.', en: 'A short study by Voorbeeldbank.' },
        dataUse: { nl: 'Gegevens worden na vijf jaar gewist.', en: 'Data are deleted after five years.' },
      },
    };
    const { app } = createTestApp({ files: [...experimentRegistry, { file: 'declared.ts', definition: declared }] });
    const page = (await request(app).get(`/e/declared-texts?PROLIFIC_PID=${prolificId(201)}&lang=nl`).expect(200)).text;
    expect(page).toContain('Een korte studie van de Voorbeeldbank.');
    expect(page).toContain('Gegevens worden na vijf jaar gewist.');
    expect(page).not.toContain('A short study by Voorbeeldbank.');
  });
});

describe('experiment-level declarations are checked at start-up', () => {
  it.each([
    ['a default language that is not offered', { languages: { available: ['en'], default: 'nl' } }, /languages\.default: the default language must be one of the available languages/],
    ['an unknown language', { languages: { available: ['nl', 'fr'] } }, /languages\.available\[1\]: Invalid option/],
    ['a panel parameter nudgelab reserves', { panel: { idParameter: 'lang' } }, /panel\.idParameter: is reserved by nudgelab/],
    ['the id recorded twice', { panel: { idParameter: 'PROLIFIC_PID', recordParameters: ['PROLIFIC_PID'] } }, /panel\.recordParameters: the id parameter is recorded anyway/],
    ['an id pattern that is not a regular expression', { panel: { idPattern: '([' } }, /panel\.idPattern: is not a valid regular expression/],
  ])('refuses %s', (_case, change, message) => {
    expect(() => validateExperiments([{ file: 'experiments/broken.ts', definition: { ...loanAnchor, ...change } }])).toThrow(message);
  });

  it('fills in the defaults: Dutch and English, Dutch first, no switch, pid, no brand, standard texts', () => {
    const definition = validateExperiments([{ file: 'experiments/loan-anchor.ts', definition: loanAnchor }]).get('loan-anchor')!.definition;
    expect(definition.languages).toEqual({ available: ['nl', 'en'], default: 'nl', switcher: false });
    expect(definition.panel).toEqual({ idParameter: 'pid', recordParameters: [] });
    expect(definition.lenderBrand).toBeUndefined();
    expect(definition.studyInformation).toEqual({});
  });
});
