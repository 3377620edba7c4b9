import { kp, type PracticeScript } from '../scenarios';

/** Practice in English. */
export const ENGLISH_SCRIPT: PracticeScript = {
  locale: 'en',
  mirrorOpeners: ['what i heard', 'i heard', 'so you', 'you said', 'it sounds like', 'what i hear'],
  partner: {
    mirror: (heard) => `What I heard is: ${heard}`,
    validate: 'You make sense to me, because what you describe would weigh on anyone.',
    empathize: 'I imagine you might be feeling tired, and hoping to be understood.',
  },
  scenarios: [
    {
      id: 'lateness',
      title: 'Running late again',
      setting: 'You were an hour late to dinner with your partner last night without a message.',
      rounds: [
        {
          text: 'I waited an hour at the restaurant last night and I felt foolish sitting there alone.',
          keyPoints: [
            kp('waited', 'that they waited an hour', 'wait', 'hour'),
            kp('foolish', 'that they felt foolish', 'foolish', 'silly', 'embarrass'),
            kp('alone', 'that they were alone', 'alone', 'lonely', 'on my own', 'on your own', 'on their own', 'by myself', 'by yourself', 'by themselves'),
          ],
          clarification: 'Not quite. It was the waiting, and feeling foolish there on my own.',
        },
        {
          text: 'What I need is a message when you are running late, even a short one.',
          keyPoints: [kp('message', 'that they need a message', 'message', 'text', 'call'), kp('late', 'when you are running late', 'late')],
          clarification: 'Close. I am asking for a message, any message, when you are late.',
        },
      ],
      yourTurnPrompt: 'Say what made last night hard for you, as "I feel … when … because … I need …".',
    },
    {
      id: 'phones',
      title: 'Phones at dinner',
      setting: 'Your partner feels you spend dinner on your phone.',
      rounds: [
        {
          text: 'When you look at your phone during dinner, I feel like I am less interesting than the screen.',
          keyPoints: [kp('phone', 'the phone at dinner', 'phone', 'screen'), kp('dinner', 'that it is at dinner', 'dinner', 'meal', 'eat'), kp('less', 'that they feel less interesting', 'interesting', 'less', 'unimportant', 'ignore')],
          clarification: 'Not quite. It is that I feel less interesting than the screen, at dinner.',
        },
        {
          text: 'Dinner is the only time we really talk during the week.',
          keyPoints: [kp('only', 'that it is the only time', 'only'), kp('talk', 'that it is when you talk', 'talk', 'conversation', 'speak')],
          clarification: 'Almost. Dinner is the only time in the week we really talk.',
        },
      ],
      yourTurnPrompt: 'Say what the phone means for you at that moment, without defending it yet.',
    },
    {
      id: 'money',
      title: 'A big purchase',
      setting: 'You bought a new bike without talking about it first.',
      rounds: [
        {
          text: 'I was scared when I saw the bank statement, because we agreed to save for the move.',
          keyPoints: [kp('scared', 'that they were scared', 'scare', 'afraid', 'worry', 'fear'), kp('statement', 'the bank statement', 'bank', 'statement', 'account'), kp('save', 'the agreement to save for the move', 'save', 'saving', 'move', 'agree')],
          clarification: 'Not quite. I was scared when I saw the bank statement, because we had agreed to save for the move.',
        },
        {
          text: 'I would like us to talk before either of us spends more than two hundred.',
          keyPoints: [kp('talk', 'talking first', 'talk', 'discuss', 'ask', 'check'), kp('limit', 'the two hundred limit', 'two hundred', '200', 'limit', 'amount')],
          clarification: 'Close. Talk first, for anything over two hundred.',
        },
      ],
      yourTurnPrompt: 'Say what the purchase meant to you, and what you need around money.',
    },
    {
      id: 'chores',
      title: 'Who does the chores',
      setting: 'Your partner feels the housework falls mostly on them.',
      rounds: [
        {
          text: 'I feel tired and unseen when I do the dishes and the laundry every evening.',
          keyPoints: [kp('tired', 'that they feel tired', 'tired', 'exhaust', 'worn'), kp('unseen', 'that they feel unseen', 'unseen', 'invisible', 'notice', 'appreciate'), kp('chores', 'the dishes and laundry', 'dish', 'laundry', 'housework', 'chore')],
          clarification: 'Not quite. Tired, yes, and also unseen, doing the dishes and the laundry.',
        },
        {
          text: 'I need us to split the evenings, so I get some rest too.',
          keyPoints: [kp('split', 'splitting the evenings', 'split', 'share', 'half', 'take turn'), kp('rest', 'that they need rest', 'rest', 'break', 'relax')],
          clarification: 'Almost. Splitting the evenings, so I can rest as well.',
        },
      ],
      yourTurnPrompt: 'Say how the evenings feel from your side, as "I feel … when …".',
    },
    {
      id: 'family',
      title: 'Holidays with family',
      setting: 'Your partner does not want to spend every holiday with your family.',
      rounds: [
        {
          text: 'I feel like a guest in my own holidays when we always go to your parents.',
          keyPoints: [kp('guest', 'that they feel like a guest', 'guest', 'outsider', 'belong'), kp('holidays', 'the holidays', 'holiday', 'christmas', 'vacation'), kp('parents', 'going to your parents', 'parent', 'family', 'mother', 'father')],
          clarification: 'Not quite. Like a guest in my own holidays, at your parents.',
        },
        {
          text: 'I would love one holiday a year that we plan just for us.',
          keyPoints: [kp('one', 'one holiday a year', 'one', 'once', 'year'), kp('us', 'planned just for the two of you', 'us', 'together', 'ourselves', 'two of')],
          clarification: 'Close. One holiday a year, planned just for us.',
        },
      ],
      yourTurnPrompt: 'Say what the family holidays mean to you, and what you fear losing.',
    },
    {
      id: 'promise',
      title: 'A broken promise',
      setting: 'You promised to come to your partner’s concert and missed it for work.',
      rounds: [
        {
          text: 'I looked for you in the audience and you were not there, after you promised.',
          keyPoints: [kp('looked', 'that they looked for you', 'look', 'search', 'audience', 'crowd'), kp('absent', 'that you were not there', 'not there', 'miss', 'absent', 'empty'), kp('promise', 'that you had promised', 'promise')],
          clarification: 'Not quite. I looked for you, and you were not there, after promising.',
        },
        {
          text: 'It made me wonder whether my things matter to you.',
          keyPoints: [kp('wonder', 'that they wondered', 'wonder', 'doubt', 'question'), kp('matter', 'whether their things matter to you', 'matter', 'important', 'care')],
          clarification: 'Almost. I wondered whether the things that matter to me matter to you.',
        },
      ],
      yourTurnPrompt: 'Own what happened, and say how it was for you, without excuses first.',
    },
  ],
};

/** What `$practiceScript` gives the English build (vite.config.ts). */
export default ENGLISH_SCRIPT;
