import { describeParticipantWalks } from './participant-walks';

describeParticipantWalks(['credit-choice']);
