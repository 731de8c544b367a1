import { Router } from 'express';
import type { AppContext } from '../app-context';
import { showAmountScreen, submitAmountScreen } from './amount-screen';
import { consent } from './consent';
import { debrief } from './debrief';
import { entry } from './entry';
import { scenario } from './scenario';

/** The participant flow: entry → consent → scenario → screen → debrief. */
export function participantRoutes(context: AppContext): Router {
  return Router()
    .get('/e/:experimentKey', entry(context))
    .post('/e/:experimentKey/consent', consent(context))
    .get('/e/:experimentKey/scenario', scenario(context))
    .get('/e/:experimentKey/screen', showAmountScreen(context))
    .post('/e/:experimentKey/screen', submitAmountScreen(context))
    .get('/e/:experimentKey/debrief', debrief(context));
}
