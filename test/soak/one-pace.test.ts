/**
 * The full-size runs of "one key, one pace": two credentials spelling the Base URL
 * `…:PORT` and `…:PORT/`, 100 notifications each at once against an ovice allowing 10/s,
 * for every kind of Retry-After ovice might send with its 429s: all delivered in order,
 * ≤ 1.5 requests per notification (300 for the 200).
 */
import { useTestBed } from '../harness/fixtures';
import { twoSpellingsAtOnce } from '../harness/notifications';

const bed = useTestBed();

const written = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

it.each([['1'], ['0'], ['-5'], ['soon'], [null]])(
	'Retry-After %p: 2 × 100 at once against 10/s, all delivered, ≤ 300 requests',
	async (retryAfter) => {
		const { errors, delivered, requests } = await twoSpellingsAtOnce(bed, 100, 10, retryAfter);
		expect(errors).toEqual([undefined, undefined]);
		expect(delivered).toEqual([written('spelling0', 100), written('spelling1', 100)]);
		expect(requests).toBeLessThanOrEqual(300);
		process.stdout.write(`Retry-After ${String(retryAfter)}: ${requests} requests for 200\n`);
	},
	180_000,
);
