import * as m from '$messages';
import type { MarkdownWords, ShareWords } from '../../../shared/summaryText';

/** The words the summary's text is made of, in this page's language (named one by one, so only these are carried). */
export const SHARE_WORDS: ShareWords = { share_nobody: m.share_nobody, share_part: m.share_part, share_turns: m.share_turns, share_both: m.share_both };

export const MARKDOWN_WORDS: MarkdownWords = {
  ...SHARE_WORDS,
  md_title: m.md_title,
  md_untitled: m.md_untitled,
  md_when: m.md_when,
  md_agreed: m.md_agreed,
  md_turns: m.md_turns,
  md_listening: m.md_listening,
  md_off_limits: m.md_off_limits,
  md_heard: m.md_heard,
  md_said: m.md_said,
  md_notes: m.md_notes,
  md_appreciations: m.md_appreciations,
  md_appreciates: m.md_appreciates,
  md_commits: m.md_commits,
  md_time: m.md_time,
  said_aloud: m.said_aloud,
  depth_full: m.depth_full,
  depth_mirror: m.depth_mirror,
  summary_none: m.summary_none,
  summary_no_mirrors: m.summary_no_mirrors,
  summary_heard_line: m.summary_heard_line,
};
