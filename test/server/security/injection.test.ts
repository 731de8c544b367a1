import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/admin/password-hash';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { createTestApp, csrfTokenOf } from '../../helpers/test-app';
import { listApiEvents } from '../../helpers/store-reads';

/** Text meant to run if a page pasted it in unescaped: as an element, by breaking out of an attribute, or as a template tag. */
const payloads = [
  '<script>window.pwned=1</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus='alert(1)",
  '</textarea><svg onload=alert(1)>',
  '<%= process.exit() %>',
  "x'); DROP TABLE participants; --",
];

/**
 * The tags of a page that would run script: a script element that is not one
 * of our static files, an img/iframe/object, or any event-handler attribute or
 * javascript: URL once quoted attribute values are set aside. Escaped text
 * forms no tags, so it never appears here.
 */
function executableTags(html: string): string[] {
  return (html.match(/<[a-z][^>]*>/gi) ?? []).filter((tag) => {
    if (/^<script\b/i.test(tag)) return !/^<script src="\/static\/[\w.-]+"( defer)?>$/.test(tag);
    if (/^<(img|iframe|object|embed)\b/i.test(tag)) return true;
    const outsideValues = tag.replace(/"[^"]*"/g, '""');
    return /\son[a-z]+\s*=|javascript:/i.test(outsideValues) || /=\s*'/.test(outsideValues);
  });
}

describe('participant-supplied text', () => {
  it('would be caught by the check if a page pasted it in unescaped', () => {
    expect(executableTags(`<p>${payloads[0]}</p>`)).toHaveLength(1);
    expect(executableTags(`<input value="${payloads[1]}">`)).toHaveLength(1);
    expect(executableTags(`<input value='${payloads[2]}'>`)).toHaveLength(1);
    expect(executableTags(`<textarea>${payloads[3]}</textarea>`)).toHaveLength(1);
    expect(executableTags('<script src="/static/screen.js" defer></script><svg class="plot"></svg>')).toEqual([]);
  });

  it('is escaped wherever it is shown again, and stored verbatim through prepared statements', async () => {
    const { app, store } = createTestApp();
    await store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword('ada-password-long'), createdAt: new Date() });
    const admin = request.agent(app);
    const adminCsrf = csrfTokenOf((await admin.get('/admin/login')).text);
    await admin.post('/admin/login').type('form').send({ _csrf: adminCsrf, username: 'ada', password: 'ada-password-long' }).expect(303);
    const { secret } = await createApiKey(store, { name: 'Lender', experiments: null });

    for (const payload of payloads) {
      // A panel link with the payload as panel id: refused with a friendly page that does not echo it.
      const entry = await request(app).get(`/e/loan-anchor?pid=${encodeURIComponent(payload)}`).expect(400);
      expect(entry.text).not.toContain(payload);
      expect(executableTags(entry.text)).toEqual([]);
      const consentPage = await request(app).get('/e/loan-anchor').expect(200);
      const consent = await request(app)
        .post('/e/loan-anchor/consent')
        .set('cookie', consentPage.headers['set-cookie']!)
        .type('form')
        .send({ _csrf: csrfTokenOf(consentPage.text), choice: 'accept', pid: payload, lang: 'nl' })
        .expect(400);
      expect(consent.text).not.toContain(payload);

      // A lender's unit id and event text.
      await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${secret}`).send({ experiment: 'credit-choice', unitId: payload }).expect(200);
      await request(app)
        .post('/api/v1/events')
        .set('authorization', `Bearer ${secret}`)
        .send({ experiment: 'credit-choice', unitId: payload, name: 'note', value: payload })
        .expect(200);
      expect((await listApiEvents(store, 'credit-choice', payload))[0]?.value).toBe(payload);

      // Text typed in the workspace, shown on the API-keys and audit pages.
      await admin.post('/admin/api-keys').type('form').send({ _csrf: adminCsrf, name: payload, experiments: 'credit-choice' }).expect(200);
      await admin.post('/admin/participants/erase').type('form').send({ _csrf: adminCsrf, participantId: `${payload}-nobody`, confirm: 'yes' });
      // Typed into the erase form: the confirmation page (the lender's unit above is a participant) shows it escaped.
      const eraseForm = await admin.get('/admin/participants/erase/confirm').query({ participantId: payload, experiment: 'all' }).expect(200);
      expect(eraseForm.text).not.toContain(payload);
      expect(executableTags(eraseForm.text)).toEqual([]);
    }
    for (const path of ['/admin/api-keys', '/admin/audit', '/admin', '/admin/experiments/loan-anchor/results', '/admin/experiments/credit-choice/results', '/']) {
      const page = await admin.get(path).expect(200);
      for (const payload of payloads) expect(page.text).not.toContain(payload);
      expect(executableTags(page.text)).toEqual([]);
    }
    // Every table is still there, and the SQL payload is stored as plain text.
    expect((await store.countByArm('credit-choice')).reduce((sum, arm) => sum + arm.entered, 0)).toBe(payloads.length);
    const exported = (await admin.get('/api/v1/experiments/credit-choice/export.csv').expect(200)).text;
    expect(exported).toContain("x'); DROP TABLE participants; --");
  });
});

describe('SQL', () => {
  it('is only ever written with placeholders: no runtime value is spliced into a statement', () => {
    const storeFolder = new URL('../../../server/store', import.meta.url).pathname;
    // Interpolations allowed in SQL text: fixed sub-queries with a table alias, the migration number, the
    // copy's table and column names (from its own fixed list of tables and their declared columns), a
    // migration's fixed column list, and the SQL dialect's fragments called with literal SQL only.
    const allowed = [
      /^\$\{apiKeyColumns\}$/,
      /^\$\{changesOfParticipant\(dialect, '\w'\)\}$/,
      /^\$\{panelsOpenedOfParticipant\('\w'\)\}$/,
      /^\$\{participantJoins\}$/,
      // A fixed condition with a placeholder, present or not: the reads scoped to one API key's units.
      /^\$\{onlyUnitsOfApiKey\(scoped\)\}$/,
      // Fixed conditions with placeholders, present or not: where a decision read's range begins and ends.
      /^\$\{rangeConditions\}$/,
      /^\$\{alias\}$/,
      /^\$\{migration\.version\}$/,
      /^\$\{(table|columnList|overriding|columns)\}$/,
    ];
    /** `${dialect.fragment('literal', dialect.other('literal'))}`: nothing in it but dialect fragments and string literals. */
    const isDialectFragment = (interpolation: string) =>
      /^\$\{(dialect|d)\./.test(interpolation) &&
      interpolation
        .slice(2, -1)
        .replace(/"[^"]*"|'[^']*'/g, '')
        .replace(/\b(dialect|d)\.\w+/g, '')
        .replace(/[\s(),]/g, '') === '';
    const spliced: string[] = [];
    for (const file of readdirSync(storeFolder).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(storeFolder, file), 'utf8');
      for (const template of source.match(/`[^`]*`/g) ?? []) {
        const isSql = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|PRAGMA|user_version)\b/.test(template) && !/^`(the database|participant|events\[)/.test(template);
        if (!isSql) continue;
        for (const interpolation of template.match(/\$\{[^}]*\}/g) ?? []) {
          if (!allowed.some((pattern) => pattern.test(interpolation)) && !isDialectFragment(interpolation)) spliced.push(`${file}: ${interpolation}`);
        }
      }
    }
    expect(spliced).toEqual([]);
  });
});
