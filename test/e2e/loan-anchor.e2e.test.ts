import { describeParticipantWalks } from './participant-walks';

describeParticipantWalks(['loan-anchor'], { withSlider: true });
