/**
 * ovice's own rate limit, learned per key from its 429 answers: ovice does not document it
 * (and says it may change), so no user can be expected to type it in.
 *
 * - Until ovice answers 429, requests go unpaced (the credential's ceiling aside).
 * - A 429 paces every request with the key at 97 % of the busiest second ovice accepted in
 *   the last few seconds (at most one cut a second), and a Retry-After pauses the key.
 *   A 429 without a usable Retry-After (none, 0, or a value HTTP does not allow) cuts the
 *   pace all the same: no answer turns pacing off.
 * - "Busiest second of the last few" rather than "the last second": when n8n itself was
 *   slow for a moment, ovice's limit is not taken to have dropped.
 * - Each second without a 429 the pace rises by 10 %, up to that 97 %, and holds there;
 *   after half a minute without a 429 it probes above again (ovice's limit may have risen).
 *   A pace started without any accepted answer to go by (1/s) doubles each second instead,
 *   until the next 429 shows what ovice accepts.
 * - Cuts stop at a quarter of the first pace of the episode.
 * - A minute without a 429 and the key goes unpaced again.
 *
 * Pure bookkeeping: every function takes the time, so tests drive it with their own clock.
 */

/** The slowest pace a 429 can set, in requests per second (Retry-After can pause longer). */
const MIN_PER_SECOND = 1;
const CUT = 0.97;
const FLOOR_SHARE = 0.25;
const RISE = 1.1;
const BLIND_RISE = 2;
const PROBE_AFTER_MS = 30_000;
const RISE_EVERY_MS = 1000;
const CUT_AT_MOST_EVERY_MS = 1000;
const UNPACED_AFTER_MS = 60_000;
const WINDOW_MS = 1000;
/** How far back the busiest second is looked for. */
const MEMORY_MS = 3000;

interface Pace {
	/** requests per second; undefined while unpaced */
	perSecond?: number;
	/** the busiest second ovice accepted before the last 429 */
	limitSeen?: number;
	/** the pace was set with no accepted answer to go by: it doubles until the next 429 */
	blind: boolean;
	/** the slowest pace of this episode of 429s */
	floor: number;
	pausedUntil: number;
	lastRateLimited: number;
	lastCut: number;
	lastRise: number;
	/** when each answer of the last MEMORY_MS came, oldest first, from `oldest` on */
	answered: number[];
	oldest: number;
}

const paces = new Map<string, Pace>();

function paceFor(key: string): Pace {
	let pace = paces.get(key);
	if (!pace) {
		pace = {
			blind: false,
			floor: MIN_PER_SECOND,
			pausedUntil: 0,
			lastRateLimited: -Infinity,
			lastCut: -Infinity,
			lastRise: -Infinity,
			answered: [],
			oldest: 0,
		};
		paces.set(key, pace);
	}
	return pace;
}

function forgetOld(pace: Pace, now: number): void {
	while (pace.oldest < pace.answered.length && pace.answered[pace.oldest] <= now - MEMORY_MS)
		pace.oldest++;
	if (pace.oldest > 1024) {
		pace.answered = pace.answered.slice(pace.oldest);
		pace.oldest = 0;
	}
}

/** The most answers within any one second of the last MEMORY_MS (a sliding window). */
function busiestSecond(pace: Pace, now: number): number {
	forgetOld(pace, now);
	let best = 0;
	let start = pace.oldest;
	for (let end = pace.oldest; end < pace.answered.length; end++) {
		while (pace.answered[end] - pace.answered[start] >= WINDOW_MS) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

/** The learned pace as an interval between two requests, in ms; 0 while unpaced. */
export function paceOf(key: string, now: number): number {
	const pace = paces.get(key);
	if (pace?.perSecond === undefined) return 0;
	if (now - pace.lastRateLimited > UNPACED_AFTER_MS) {
		pace.perSecond = undefined;
		pace.limitSeen = undefined;
		return 0;
	}
	return 1000 / pace.perSecond;
}

/** Until when ovice asked this key to send nothing (Retry-After); 0 for no pause. */
export function pausedUntil(key: string): number {
	return paces.get(key)?.pausedUntil ?? 0;
}

/** ovice answered a request with something other than 429 (and not a refusal of the key). */
export function answered(key: string, now: number): void {
	const pace = paceFor(key);
	pace.answered.push(now);
	forgetOld(pace, now);
	if (pace.perSecond === undefined || now - pace.lastRise < RISE_EVERY_MS) return;
	if (now - pace.lastRateLimited < RISE_EVERY_MS) return;
	const hold = pace.limitSeen === undefined ? Infinity : pace.limitSeen * CUT;
	if (pace.perSecond < hold)
		pace.perSecond = Math.min(hold, pace.perSecond * (pace.blind ? BLIND_RISE : RISE));
	else if (now - pace.lastRateLimited >= PROBE_AFTER_MS) pace.limitSeen = undefined;
	pace.lastRise = now;
}

/**
 * ovice answered 429: every request with this key slows down, and waits out `retryAfterMs`
 * (already checked: a number ≥ 0, or undefined when ovice gave none that HTTP allows).
 */
export function rateLimited(key: string, retryAfterMs: number | undefined, now: number): void {
	const pace = paceFor(key);
	pace.lastRateLimited = now;
	if (retryAfterMs) pace.pausedUntil = Math.max(pace.pausedUntil, now + retryAfterMs);
	if (now - pace.lastCut < CUT_AT_MOST_EVERY_MS) return;
	const accepted = busiestSecond(pace, now);
	const before = pace.perSecond;
	// Nothing answered for a while (a long pause, a first request): halve, or start at 1/s.
	const basis = accepted > 0 ? Math.min(before ?? Infinity, accepted) : (before ?? 2) / 2;
	if (accepted > 0) pace.limitSeen = accepted;
	pace.blind = accepted === 0;
	if (before === undefined) pace.floor = Math.max(MIN_PER_SECOND, basis * CUT * FLOOR_SHARE);
	pace.perSecond = Math.max(pace.floor, basis * CUT);
	pace.lastCut = now;
	pace.lastRise = now;
}

/** Forgets every learned pace: a fresh start, as after a restart of n8n (used by the tests). */
export function forgetPaces(): void {
	paces.clear();
}
