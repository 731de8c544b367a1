import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { renderAdminPage } from '../../../server/admin/render-admin-page';

/** A response that records what it was asked to render, with the locals the session middleware leaves. */
function recordingResponse() {
  const rendered: { status?: number; view?: string; locals?: Record<string, unknown> } = {};
  const response = {
    locals: { user: { username: 'anna', role: 'admin' }, csrfToken: 'token-123' },
    status(code: number) {
      rendered.status = code;
      return response;
    },
    render(view: string, locals: Record<string, unknown>) {
      rendered.view = view;
      rendered.locals = locals;
    },
  };
  return { response: response as unknown as Response, rendered };
}

describe('renderAdminPage', () => {
  it('gives the view the signed-in user, the CSRF token, the title and its own values, with status 200', () => {
    const { response, rendered } = recordingResponse();
    renderAdminPage(response, 'admin/audit', { title: 'Audit log', entries: [] });
    expect(rendered).toEqual({
      status: 200,
      view: 'admin/audit',
      locals: { title: 'Audit log', user: { username: 'anna', role: 'admin' }, csrfToken: 'token-123', entries: [] },
    });
  });

  it('answers with the status a form problem asks for, and does not pass the status on as a view value', () => {
    const { response, rendered } = recordingResponse();
    renderAdminPage(response, 'admin/users', { status: 400, title: 'Users', problem: 'Choose a role.' });
    expect(rendered.status).toBe(400);
    expect(rendered.locals).not.toHaveProperty('status');
    expect(rendered.locals?.problem).toBe('Choose a role.');
  });
});
