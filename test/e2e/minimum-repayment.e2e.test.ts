import { describeParticipantWalks } from './participant-walks';

describeParticipantWalks(['minimum-repayment']);
