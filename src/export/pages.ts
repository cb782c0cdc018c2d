// Reads an export in keyset pages, one page ahead of the formatter: while page N is turned into lines, page
// N+1's statement runs, and page N+2 is asked for only once page N+1 is taken, that is once the reader has
// drained page N. So reading overlaps formatting, a reader that stalls holds at most two pages in memory, and,
// each page being one statement, no connection, transaction or cursor.
export async function* keysetPages<R extends { id: number }>(read: (after: number) => Promise<R[]>, pageSize: number): AsyncGenerator<R[]> {
  const ask = (after: number) => {
    const page = read(after);
    // A page still in flight when the consumer leaves fails nobody: it is dropped.
    page.catch(() => {});
    return page;
  };
  let next = ask(0);
  for (;;) {
    const rows = await next;
    const last = rows[rows.length - 1];
    if (last === undefined) return;
    next = rows.length < pageSize ? Promise.resolve([]) : ask(last.id);
    yield rows;
  }
}
