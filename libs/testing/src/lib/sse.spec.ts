import { type SseMessage, sseReader } from './sse';

describe('sseReader', () => {
  it('splits events across chunks, keeps names and ids, joins multi-line data, reports comments', () => {
    const messages: SseMessage[] = [];
    const comments: string[] = [];
    const feed = sseReader(
      (message) => messages.push(message),
      (comment) => comments.push(comment),
    );
    for (const chunk of ['id: 7\ndata: {"ti', 'tle":"a"}\n\n: heartbeat\n\nevent: history\ndata: 1\r\n', 'data: 2\n\n'])
      feed(chunk);
    expect(messages).toEqual([
      { event: undefined, id: '7', data: '{"title":"a"}' },
      { event: 'history', id: undefined, data: '1\n2' },
    ]);
    expect(comments).toEqual(['heartbeat']);
  });

  it('holds an event back until its blank line arrives', () => {
    const messages: SseMessage[] = [];
    const feed = sseReader((message) => messages.push(message));
    feed('data: waiting\n');
    expect(messages).toEqual([]);
    feed('\n');
    expect(messages).toHaveLength(1);
  });
});
