/** Retry-After as HTTP defines it (errors.ts): delta-seconds or an HTTP-date, anything else absent. */
import { retryAfterMs } from '../../nodes/shared/transport/errors';

const NOW = Date.parse('2026-12-04T12:00:00Z');

it.each([
	['0', 0],
	['1', 1000],
	['30', 30_000],
	['86400', 86_400_000],
	[' 7 ', 7000],
	['Fri, 04 Dec 2026 12:00:30 GMT', 30_000],
	['Friday, 04-Dec-26 12:00:30 GMT', 30_000],
	['Fri Dec  4 12:00:30 2026', 30_000],
	['Fri, 04 Dec 2026 11:00:00 GMT', 0],
	['-5', undefined],
	['1.5', undefined],
	['soon', undefined],
	['', undefined],
	[undefined, undefined],
	['2026-12-04T12:00:30Z', undefined],
])('%p → %p ms', (header, expected) => {
	expect(retryAfterMs(header, NOW)).toBe(expected);
});
