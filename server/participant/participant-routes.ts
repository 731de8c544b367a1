import { Router } from 'express';
import type { AppContext } from '../app-context';
import { loadExperiment } from '../http/load-experiment';
import { brandStylesheet } from './brand-stylesheet';
import { checkBrandLogos } from './check-brand-logos';
import { consent } from './consent';
import { debrief } from './debrief';
import { entry } from './entry';
import { showQuestionnaire, submitQuestionnaire } from './questionnaire';
import { showBeforeScreenQuestions, submitBeforeScreenQuestions } from './questionnaire-before-screen';
import { scenario } from './scenario';
import { showScreen, submitScreen } from './screen';

/** The participant flow: entry → consent → (before-screen questions) → scenario → screen → questionnaire → debrief. */
export function participantRoutes(context: AppContext): Router {
  checkBrandLogos(context.experiments);
  return Router()
    .param('experimentKey', loadExperiment(context))
    .get('/e/:experimentKey', entry(context))
    .get('/e/:experimentKey/brand.css', brandStylesheet)
    .post('/e/:experimentKey/consent', consent(context))
    .get('/e/:experimentKey/before-screen', showBeforeScreenQuestions(context))
    .post('/e/:experimentKey/before-screen', submitBeforeScreenQuestions(context))
    .get('/e/:experimentKey/scenario', scenario(context))
    .get('/e/:experimentKey/screen', showScreen(context))
    .post('/e/:experimentKey/screen', submitScreen(context))
    .get('/e/:experimentKey/questionnaire', showQuestionnaire(context))
    .post('/e/:experimentKey/questionnaire', submitQuestionnaire(context))
    .get('/e/:experimentKey/debrief', debrief(context));
}
