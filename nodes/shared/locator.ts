import type { INodeParameterResourceLocator } from 'n8n-workflow';

/** A workspace or group as a resource locator gives it. */
export interface PickedTarget {
	id: unknown;
	/** the name n8n showed, when it was picked from the list */
	name?: string;
}

/**
 * A resource locator's saved value read the one way the package reads it: its ID, and the
 * name n8n keeps (`cachedResultName`) when it was picked from the list. A plain value (an
 * expression that returned an ID) is its own ID.
 */
export function readLocator(saved: unknown): PickedTarget {
	if (!saved || typeof saved !== 'object') return { id: saved };
	const { value, cachedResultName, mode } = saved as INodeParameterResourceLocator;
	return {
		id: value,
		...(mode === 'list' && typeof cachedResultName === 'string' && cachedResultName
			? { name: cachedResultName }
			: {}),
	};
}
