/** Terms of the crisis channels (deadlines, link tests, notice lead times) and their defaults. */
export {
  DEFAULT_TERMS, NOTICE_TYPES, PRECEDENCES,
  type DialogueTerms, type NoticeTerms, type NoticeType, type Precedence,
} from './terms.js';
