import type { INodeListSearchItems } from 'n8n-workflow';

interface NamedEntry {
	id?: unknown;
	name?: unknown;
}

/**
 * Entries of an ovice list as dropdown items, filtered by the search text (matched
 * against name and ID, case-insensitive), sorted by name.
 */
export function toSearchItems<T extends NamedEntry>(
	entries: unknown,
	filter: string | undefined,
	url?: (entry: T) => string | undefined,
): INodeListSearchItems[] {
	const list = Array.isArray(entries) ? (entries as T[]) : [];
	const needle = (filter ?? '').trim().toLowerCase();
	return list
		.filter((entry) => entry && entry.id !== undefined && entry.id !== null)
		.map((entry) => ({ entry, name: String(entry.name ?? entry.id) }))
		.filter(
			({ entry, name }) =>
				!needle || name.toLowerCase().includes(needle) || String(entry.id) === needle,
		)
		.sort((a, b) => a.name.localeCompare(b.name))
		.map(({ entry, name }) => ({ name, value: String(entry.id), url: url?.(entry) }));
}
