/**
 * ovice's own rate limit at the default settings (no Max Requests per Second): its 429s
 * pace every request with the key as ovice sees it, so a batch larger than the limit is
 * delivered whole, in order, with few refusals. The bound is the issue's, written out:
 * ≤ 1.5 requests per notification. How long it takes is measured by the bench (part 3).
 * The full-size runs (100 per execution, every Retry-After) are in the soak tier.
 */
import { textNotifications, useTestBed } from '../harness/fixtures';
import { NOTIFY_PATH, twoSpellingsAtOnce } from '../harness/notifications';

const bed = useTestBed();
const LIMIT = 10;

const written = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe("ovice's 429 paces the key at the default settings", () => {
	it(`40 notifications against an ovice allowing ${LIMIT}/s: all delivered in order, ≤ 1.5 requests each`, async () => {
		await bed.client.limitRate(LIMIT);
		const { workflow, input } = textNotifications('paced', 40);
		const result = await bed.engine.run(workflow, { credentials: bed.credentials, input });
		expect(result.error).toBeUndefined();
		expect(bed.sandbox.notifications.map((n) => n.message)).toEqual(written('paced', 40));
		const requests = bed.sandbox.requests.filter((request) => request.path.endsWith(NOTIFY_PATH));
		expect(requests.length).toBeLessThanOrEqual(60);
		expect(requests.some((request) => request.status === 429)).toBe(true);
	}, 60_000);

	// The other Retry-After values ("0", "soon") at full size: test/soak/one-pace.test.ts.
	it.each([['1'], ['-5'], [null]])(
		'one pace for the key however the Base URL is spelled (…:PORT, …:PORT/), Retry-After %p: 25 each at once, all delivered, ≤ 1.5 requests each',
		async (retryAfter) => {
			const { errors, delivered, requests } = await twoSpellingsAtOnce(bed, 25, LIMIT, retryAfter);
			expect(errors).toEqual([undefined, undefined]);
			expect(delivered).toEqual([written('spelling0', 25), written('spelling1', 25)]);
			expect(requests).toBeLessThanOrEqual(75);
		},
		60_000,
	);
});
