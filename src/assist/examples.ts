/** The questions analysts ask most; the planner answers each from facts, and the CLI and UI offer them. */
export const EXAMPLE_QUESTIONS = [
  'Identify potential security threats in these logs',
  'Show all suspicious IP addresses and their activities',
  'Analyze patterns of failed login attempts',
  'Provide a timeline of security-related events',
  'What is the most critical threat detected?',
  'Are there any indicators of a brute-force attack?',
  'Summarize all unusual activities from external sources',
] as const;
