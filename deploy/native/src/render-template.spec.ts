import { renderTemplate } from './render-template';

describe('renderTemplate', () => {
  it('replaces every ${NAME}', () => {
    expect(
      renderTemplate('port "${MPD_USER_PORT}"\nbind "${MPD_BIND}" ${MPD_BIND}', {
        MPD_USER_PORT: '6600',
        MPD_BIND: '127.0.0.1',
      }),
    ).toBe('port "6600"\nbind "127.0.0.1" 127.0.0.1');
  });

  it('accepts an empty value (e.g. no changeowner when not root)', () => {
    expect(
      renderTemplate('<security>${ICECAST_CHANGEOWNER}</security>', {
        ICECAST_CHANGEOWNER: '',
      }),
    ).toBe('<security></security>');
  });

  it('refuses to write a config with a hole, naming every missing value', () => {
    expect(() => renderTemplate('${A} ${B} ${A}', {})).toThrow('template needs A, B');
  });

  it('leaves other dollar forms alone', () => {
    expect(renderTemplate('$HOME {$HTTP_PORT} ${lower}', {})).toBe('$HOME {$HTTP_PORT} ${lower}');
  });
});
