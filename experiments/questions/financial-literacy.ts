import type { QuestionInput } from '../definition-schema';

const dontKnow = { value: 'dont-know', label: { nl: 'Weet ik niet', en: 'Do not know' } };

/**
 * The three standard financial-literacy questions (Lusardi & Mitchell 2011,
 * "Financial literacy around the world", as used in the Dutch DNB Household
 * Survey): compound interest, inflation and risk diversification.
 */
export const financialLiteracyQuestions = [
  {
    kind: 'single-choice',
    key: 'literacy_interest',
    role: 'financial-literacy',
    text: {
      nl: 'Stel dat u €100 op een spaarrekening heeft met 2% rente per jaar. Hoeveel staat er na 5 jaar op de rekening als u het geld laat staan?',
      en: 'Suppose you had €100 in a savings account and the interest rate was 2% per year. After 5 years, how much would you have if you left the money to grow?',
    },
    options: [
      { value: 'more', label: { nl: 'Meer dan €102', en: 'More than €102' } },
      { value: 'exactly', label: { nl: 'Precies €102', en: 'Exactly €102' } },
      { value: 'less', label: { nl: 'Minder dan €102', en: 'Less than €102' } },
      dontKnow,
    ],
    correct: 'more',
  },
  {
    kind: 'single-choice',
    key: 'literacy_inflation',
    role: 'financial-literacy',
    text: {
      nl: 'Stel dat de rente op uw spaarrekening 1% per jaar is en de inflatie 2% per jaar. Kunt u na 1 jaar met het geld op deze rekening meer, evenveel of minder kopen dan vandaag?',
      en: 'Imagine that the interest rate on your savings account was 1% per year and inflation was 2% per year. After 1 year, would you be able to buy more than, exactly the same as, or less than today with the money in this account?',
    },
    options: [
      { value: 'more', label: { nl: 'Meer', en: 'More than today' } },
      { value: 'same', label: { nl: 'Evenveel', en: 'Exactly the same' } },
      { value: 'less', label: { nl: 'Minder', en: 'Less than today' } },
      dontKnow,
    ],
    correct: 'less',
  },
  {
    kind: 'single-choice',
    key: 'literacy_diversification',
    role: 'financial-literacy',
    text: {
      nl: 'Is de volgende uitspraak juist of onjuist? "Aandelen van één bedrijf kopen is meestal veiliger dan geld steken in een beleggingsfonds met aandelen."',
      en: 'Is the following statement true or false? "Buying a single company’s stock usually provides a safer return than a stock mutual fund."',
    },
    options: [
      { value: 'true', label: { nl: 'Juist', en: 'True' } },
      { value: 'false', label: { nl: 'Onjuist', en: 'False' } },
      dontKnow,
    ],
    correct: 'false',
  },
] as const satisfies readonly QuestionInput[];
