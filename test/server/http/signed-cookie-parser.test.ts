import cookieParser from 'cookie-parser';
import { createHmac } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signedCookieParser } from '../../../server/http/signed-cookie-parser';

const secret = 'test-secret-that-is-long-enough-0123456789';

/** An app that reads cookies with `parser` and answers what it read; `/set` sets a signed cookie as the participant pages do. */
function appWith(parser: RequestHandler) {
  return express()
    .use(parser)
    .get('/read', (req, res) => {
      res.json({ cookies: { ...req.cookies }, signedCookies: { ...req.signedCookies } });
    })
    .get('/set', (_req, res) => {
      res.cookie('nudgelab_p_loan-anchor', 'panel-0042', { signed: true, httpOnly: true }).send('ok');
    });
}

/** A value signed as Express signs cookies (cookie-signature): `s:VALUE.` and the unpadded base64 HMAC-SHA256. */
const signedWith = (value: string, key: string) => `s:${value}.${createHmac('sha256', key).update(value).digest('base64').replace(/=+$/, '')}`;
const signed = (value: string) => signedWith(value, secret);

describe('signedCookieParser', () => {
  const headers = [
    `nudgelab_csrf=${encodeURIComponent(signed('nonce-1'))}; admin_session=abc123`,
    `a=${signed('x')}; a=${signed('y')}`,
    `forged=${encodeURIComponent('s:panel-0042.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')}; plain="quoted"`,
    `nodot=s:abc; spaced = value ; pct=%E2%82%AC; bad=%E2%82`,
    'only-a-name; =empty-name',
  ];

  it.each(headers)('reads %s exactly as cookie-parser does', async (header) => {
    const ours = await request(appWith(signedCookieParser(secret))).get('/read').set('cookie', header).expect(200);
    const theirs = await request(appWith(cookieParser(secret))).get('/read').set('cookie', header).expect(200);
    expect(ours.body).toEqual(theirs.body);
  });

  it('gives false for a forged signature, also after the genuine value was seen', async () => {
    const app = appWith(signedCookieParser(secret));
    const genuine = signed('panel-0042');
    const forged = `${genuine.slice(0, -4)}AAAA`;
    expect((await request(app).get('/read').set('cookie', `p=${encodeURIComponent(genuine)}`)).body.signedCookies).toEqual({ p: 'panel-0042' });
    expect((await request(app).get('/read').set('cookie', `p=${encodeURIComponent(forged)}`)).body.signedCookies).toEqual({ p: false });
    const otherSecret = signedWith('panel-0042', 'another-secret');
    expect((await request(app).get('/read').set('cookie', `p=${encodeURIComponent(otherSecret)}`)).body.signedCookies).toEqual({ p: false });
  });

  it('lets res.cookie sign with the secret, and reads back what it signed', async () => {
    const app = appWith(signedCookieParser(secret));
    const set = await request(app).get('/set').expect(200);
    const cookie = set.headers['set-cookie']![0]!.split(';')[0]!;
    expect(cookie).toBe(`nudgelab_p_loan-anchor=${encodeURIComponent(signed('panel-0042'))}`);
    expect((await request(app).get('/read').set('cookie', cookie)).body.signedCookies).toEqual({ 'nudgelab_p_loan-anchor': 'panel-0042' });
  });
});
