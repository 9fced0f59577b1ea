// exceljs ships typings for its public API only; these are the parsers its streaming reader runs
// on a workbook's own entries, used here on the same bytes once the archive check has them.
declare module 'exceljs/lib/xlsx/xform/book/workbook-xform' {
  export default class WorkbookXform {
    map: { workbookPr: unknown };
    model: unknown;
    parseStream(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<unknown>;
  }
}

declare module 'exceljs/lib/xlsx/xform/core/relationships-xform' {
  export default class RelationshipsXform {
    parseStream(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<unknown>;
  }
}
