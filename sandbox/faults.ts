/** Faults the sandbox injects on request: fault rules, the rate limit, malformed answers. */
import { json } from './types';
import type { Answer, FaultRule, SandboxState } from './types';

/** A deterministic stand-in for Math.random, so fault runs repeat. */
function nextRandom(state: SandboxState): number {
	state.randomSeed = (state.randomSeed * 1103515245 + 12345) % 2147483648;
	return state.randomSeed / 2147483648;
}

export function takeFault(
	state: SandboxState,
	method: string,
	path: string,
): FaultRule | undefined {
	for (const fault of state.faults) {
		if (fault.path && !path.includes(fault.path)) continue;
		if (fault.method && fault.method.toUpperCase() !== method) continue;
		const times = fault.times ?? 1;
		if (times !== -1 && fault.hits >= times) continue;
		if (fault.after && fault.passed < fault.after) {
			fault.passed++;
			continue;
		}
		if (fault.rate !== undefined && nextRandom(state) >= fault.rate) continue;
		fault.hits++;
		return fault;
	}
	return undefined;
}

export function overRateLimit(state: SandboxState): boolean {
	if (!state.ratePerSecond) return false;
	const now = Date.now();
	if (now - state.windowStart >= 1000) {
		state.windowStart = now;
		state.windowCount = 0;
	}
	state.windowCount++;
	return state.windowCount > state.ratePerSecond;
}

export const MALFORMED: Record<NonNullable<FaultRule['malformed']>, Answer> = {
	html: { status: 200, body: '<html><body><h1>Maintenance</h1></body></html>' },
	truncated: {
		status: 200,
		body: '[{"id": 101, "name": "Tok',
		headers: { 'content-type': 'application/json' },
	},
	empty: { status: 200, body: '', headers: { 'content-type': 'application/json' } },
	object: json(200, { unexpected: true }),
};

export function faultAnswer(fault: FaultRule): Answer {
	const status = fault.status ?? 500;
	const headers: Record<string, string> = {};
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
	if (fault.redirectTo)
		return {
			status: fault.status ?? 302,
			body: '',
			headers: { ...headers, location: fault.redirectTo },
		};
	if (fault.rawBody !== undefined)
		return {
			status,
			body: fault.rawBody,
			headers: { ...headers, 'content-type': fault.contentType ?? 'application/json' },
		};
	if (fault.body !== undefined) return json(status, fault.body, headers);
	if (status >= 500 && status !== 503)
		return { status, body: '<html><body>Internal Server Error</body></html>', headers };
	return json(
		status,
		{ message: status === 429 ? 'Too Many Requests' : 'Service Unavailable' },
		headers,
	);
}
