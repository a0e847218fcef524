/**
 * ovice's learned pace (pace.ts) on a clock of the test's own: expected rates are written
 * out by hand from the rules in the file's header.
 */
import {
	answered,
	forgetPaces,
	paceOf,
	pausedUntil,
	rateLimited,
} from '../../nodes/shared/transport/pace';

const KEY = 'https://api.ovice.com|1000|client';
const perSecond = (now: number) => {
	const interval = paceOf(KEY, now);
	return interval === 0 ? 0 : Math.round((1000 / interval) * 100) / 100;
};

/** `count` answers spread evenly over the second that starts at `from`. */
function answerSecond(from: number, count: number): void {
	for (let index = 0; index < count; index++) answered(KEY, from + (index * 1000) / count);
}

beforeEach(() => forgetPaces());

describe('learning', () => {
	it('goes unpaced until ovice answers 429', () => {
		answerSecond(0, 50);
		expect(paceOf(KEY, 1000)).toBe(0);
		expect(pausedUntil(KEY)).toBe(0);
	});

	it('a 429 after 10 accepted in the second before: 9.7/s', () => {
		answerSecond(0, 10);
		rateLimited(KEY, undefined, 1000);
		expect(perSecond(1000)).toBe(9.7);
	});

	it('n8n stalled for 1.5 s before the 429: the busiest second of the last three still counts (9.7/s, not halved)', () => {
		answerSecond(0, 10);
		answerSecond(1000, 10);
		rateLimited(KEY, undefined, 3500);
		expect(perSecond(3500)).toBe(9.7);
	});

	it('a 429 with nothing accepted for over 3 s starts at 1/s and doubles each second until the next 429', () => {
		rateLimited(KEY, undefined, 0);
		expect(perSecond(0)).toBe(1);
		answered(KEY, 1000);
		expect(perSecond(1000)).toBe(2);
		answered(KEY, 2000);
		expect(perSecond(2000)).toBe(4);
	});
});

describe("ovice's Retry-After", () => {
	it('pauses the key for that long, and the pace is cut too', () => {
		answerSecond(0, 20);
		rateLimited(KEY, 30_000, 1000);
		expect(pausedUntil(KEY)).toBe(31_000);
		expect(perSecond(1000)).toBe(19.4);
	});

	it.each([[0], [undefined]])(
		'Retry-After %p pauses nothing but still paces the key',
		(retryAfterMs) => {
			answerSecond(0, 20);
			rateLimited(KEY, retryAfterMs, 1000);
			expect(pausedUntil(KEY)).toBe(0);
			expect(perSecond(1000)).toBe(19.4);
		},
	);
});

describe('after the cut', () => {
	it('one cut a second however many 429s come together', () => {
		answerSecond(0, 10);
		rateLimited(KEY, undefined, 1000);
		rateLimited(KEY, undefined, 1100);
		rateLimited(KEY, undefined, 1500);
		expect(perSecond(1500)).toBe(9.7);
	});

	it('rises 10 % a second up to 97 % of what ovice accepted, holds, and probes above after 30 s', () => {
		answerSecond(0, 20);
		rateLimited(KEY, undefined, 1000); // 19.4
		answerSecond(1000, 5);
		rateLimited(KEY, undefined, 2000); // min(19.4, 20) × 0.97 = 18.82
		expect(perSecond(2000)).toBe(18.82);
		for (let second = 3; second <= 31; second++) answered(KEY, second * 1000);
		// Held at 97 % of the busiest second seen (20 → 19.4).
		expect(perSecond(31_000)).toBe(19.4);
		answered(KEY, 32_000); // 30 s without a 429: the hold is lifted
		answered(KEY, 33_000);
		expect(perSecond(33_000)).toBe(21.34);
	});

	it('a minute without a 429 and the key goes unpaced', () => {
		answerSecond(0, 10);
		rateLimited(KEY, undefined, 1000);
		expect(paceOf(KEY, 61_000)).toBeGreaterThan(0);
		expect(paceOf(KEY, 61_001)).toBe(0);
	});

	it('cuts stop at a quarter of the first pace of the episode', () => {
		answerSecond(0, 40);
		rateLimited(KEY, undefined, 1000); // 38.8, floor a quarter of it: 9.7
		for (let second = 2; second < 80; second++) {
			answered(KEY, second * 1000 - 500);
			rateLimited(KEY, undefined, second * 1000);
		}
		expect(perSecond(80_000)).toBe(9.7);
	});
});
