/**
 * ovice's outgoing-webhook triggers, as a space admin sees them in ovice, and the Post Data
 * template this package suggests for each. The trigger node, its notices, the sandbox's
 * webhook emitter and the tests all read this table.
 */

/** Placeholders ovice fills in a webhook's Post Data. */
export type Placeholder = 'name' | 'email' | 'room' | 'memo' | 'message';

export interface OviceEvent {
	/** the value of the trigger's `events` parameter and of `event` on the wire */
	value: string;
	/** the trigger's name in ovice's webhook settings */
	oviceName: string;
	description: string;
	/** the event's own placeholder besides name and email, if it has one */
	extra?: Exclude<Placeholder, 'name' | 'email'>;
}

export const OVICE_EVENTS: readonly OviceEvent[] = [
	{ value: 'online', oviceName: 'Online', description: 'Someone entered the space' },
	{ value: 'offline', oviceName: 'Offline', description: 'Someone left the space' },
	{
		value: 'enterRoom',
		oviceName: 'Enter room',
		description: 'Someone entered a room',
		extra: 'room',
	},
	{
		value: 'leaveRoom',
		oviceName: 'Leave room',
		description: 'Someone left a room',
		extra: 'room',
	},
	{ value: 'away', oviceName: 'Away', description: 'Someone went away' },
	{ value: 'comeback', oviceName: 'Comeback', description: 'Someone came back from away' },
	{ value: 'memo', oviceName: 'Memo', description: 'Someone left an away memo', extra: 'memo' },
	{ value: 'knock', oviceName: 'Knock', description: 'Someone pressed the intercom (knocked)' },
	{
		value: 'publicChat',
		oviceName: 'Public chat',
		description: 'Someone wrote in the public chat',
		extra: 'message',
	},
	{
		value: 'mentionChat',
		oviceName: 'Mention chat',
		description: 'Someone was mentioned in a chat',
		extra: 'message',
	},
];

export function findEvent(value: unknown): OviceEvent | undefined {
	if (typeof value !== 'string') return undefined;
	const wanted = value.trim().toLowerCase();
	return OVICE_EVENTS.find((event) => event.value.toLowerCase() === wanted);
}

/** The fields of an event's Post Data, in order. */
function eventFields(event: OviceEvent): Placeholder[] {
	return event.extra ? ['name', 'email', event.extra] : ['name', 'email'];
}

/** Ready-to-paste Post Data, e.g. `{"event":"enterRoom","name":"{{name}}",…}`. */
export function postDataTemplate(event: OviceEvent): string {
	const fields = eventFields(event).map((field) => `"${field}":"{{${field}}}"`);
	return `{"event":"${event.value}",${fields.join(',')}}`;
}
