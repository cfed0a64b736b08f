import { ALL_SEARCH_ATTRIBUTES } from './search-attributes';
import registered from './search-attributes.server.json';

describe('search attributes', () => {
  it('registers on the server (start script) exactly the keys the workflows upsert', () => {
    const typed = Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, k.type === 'KEYWORD' ? 'Keyword' : k.type]));
    expect(typed).toEqual(registered);
  });
});
