// Shape check for cron expressions, so that a typo fails at load time and not at the first tick.

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names allowed instead of numbers, mapped to min + index. */
  names?: string[];
}

const SECOND: CronField = { name: 'second', min: 0, max: 59 };
const FIVE_FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  // 0 and 7 are both Sunday.
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

export const CRON_EXAMPLE = '"*/5 * * * *" (every 5 minutes) or "0 9 * * MON-FRI" (9:00 on weekdays)';

function valueProblem(text: string, field: CronField): string | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) {
      return `${field.name} ${text} is out of range ${field.min}-${field.max}`;
    }
    return undefined;
  }
  if (field.names?.includes(text.toUpperCase())) return undefined;
  const names = field.names ? ` or a name like ${field.names[0]}` : '';
  return `${field.name} "${text}" is not a number ${field.min}-${field.max}${names}`;
}

function partProblem(part: string, field: CronField): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || range === undefined || range === '') return `${field.name} "${part}" is malformed`;
  if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `${field.name} step "/${step}" must be a positive number`;
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2 || bounds.some((bound) => bound === '')) return `${field.name} "${part}" is malformed`;
  for (const bound of bounds) {
    const problem = valueProblem(bound, field);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why `expression` is not a cron expression, or undefined if its shape is right: 5 fields
 * (minute hour day-of-month month day-of-week) or 6 (second first), each made of numbers in
 * range, `*`, `?`, ranges `a-b`, steps `/n`, lists `a,b` and month/day names (JAN, MON).
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter((field) => field !== '');
  if (fields.length !== 5 && fields.length !== 6) {
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), this one has ${fields.length}`;
  }
  const layout = fields.length === 6 ? [SECOND, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (let i = 0; i < fields.length; i++) {
    const field = layout[i]!;
    for (const part of fields[i]!.split(',')) {
      const problem = partProblem(part, field);
      if (problem) return problem;
    }
  }
  return undefined;
}
