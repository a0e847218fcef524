import { byValue, resourceDescription } from '../operation';
import { sendNotification } from './sendNotification.operation';

const declared = [sendNotification];

export const operations = byValue(declared);

export const description = resourceDescription('organization', declared, sendNotification.value);
