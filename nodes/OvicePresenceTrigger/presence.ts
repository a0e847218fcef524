/**
 * Presence changes between two reads of a workspace's users. Pure functions over a small
 * state (user ID → status), so a poll can be replayed and tested without a network.
 */

export type PresenceEvent = 'userOnline' | 'userOffline' | 'userStatusChanged';

export const PRESENCE_EVENTS: ReadonlyArray<{ value: PresenceEvent; name: string; description: string }> = [
	{ value: 'userOnline', name: 'User Online', description: 'A user came into the space (from offline, or newly listed)' },
	{ value: 'userOffline', name: 'User Offline', description: 'A user went offline or disappeared from the list' },
	{
		value: 'userStatusChanged',
		name: 'User Status Changed',
		description: 'Any other change of status, such as online → away',
	},
];

export const OFFLINE = 'offline';

export interface OviceUser {
	id?: unknown;
	name?: unknown;
	email?: unknown;
	status?: unknown;
	[key: string]: unknown;
}

/** user ID → status at the last successful read */
export type PresenceState = Record<string, string>;

export interface PresenceChange {
	event: PresenceEvent;
	user: OviceUser;
	previousStatus: string | null;
	status: string | null;
}

function statusOf(user: OviceUser): string {
	return typeof user.status === 'string' && user.status ? user.status : OFFLINE;
}

export function snapshot(users: OviceUser[]): PresenceState {
	const state: PresenceState = {};
	for (const user of users) {
		if (user.id !== undefined && user.id !== null) state[String(user.id)] = statusOf(user);
	}
	return state;
}

/** Every change from `before` to `users`, in list order, then users who left the list. */
export function diffPresence(before: PresenceState, users: OviceUser[]): PresenceChange[] {
	const changes: PresenceChange[] = [];
	const seen = new Set<string>();
	for (const user of users) {
		if (user.id === undefined || user.id === null) continue;
		const id = String(user.id);
		seen.add(id);
		const status = statusOf(user);
		const previous = before[id];
		if (previous === status) continue;
		if (previous === undefined) {
			if (status !== OFFLINE) changes.push({ event: 'userOnline', user, previousStatus: null, status });
			continue;
		}
		const event: PresenceEvent =
			previous === OFFLINE ? 'userOnline' : status === OFFLINE ? 'userOffline' : 'userStatusChanged';
		changes.push({ event, user, previousStatus: previous, status });
	}
	for (const [id, previous] of Object.entries(before)) {
		if (seen.has(id) || previous === OFFLINE) continue;
		changes.push({ event: 'userOffline', user: { id: Number.isNaN(Number(id)) ? id : Number(id) }, previousStatus: previous, status: null });
	}
	return changes;
}

/** Whether a user matches a comma-separated list of emails or names (empty matches all). */
export function matchesFilter(user: OviceUser, filter: string): boolean {
	const wanted = filter
		.split(',')
		.map((entry) => entry.trim().toLowerCase())
		.filter(Boolean);
	if (!wanted.length) return true;
	const keys = [user.email, user.name].filter((key): key is string => typeof key === 'string').map((key) => key.toLowerCase());
	return keys.some((key) => wanted.includes(key));
}
