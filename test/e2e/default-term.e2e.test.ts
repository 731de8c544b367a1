import { describeParticipantWalks } from './participant-walks';

describeParticipantWalks(['default-term']);
