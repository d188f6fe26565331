import { http } from '../../api/client.ts';
import { strategiesApiOf } from '../../api/strategies-api.ts';

/** The strategy pages' API calls, over the console's one connection. */
export const strategiesApi = strategiesApiOf(http);
