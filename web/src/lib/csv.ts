/**
 * CSV (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes,
 * CRLF or LF) read piece by piece, so a file of any size is converted while
 * it streams and never held whole; and its records turned into the NDJSON
 * lines of an import, by a mapping from CSV columns to item fields.
 */

/** Reads CSV text given in pieces cut anywhere; hands out each record once it is complete. */
export class CsvReader {
  private cell = ''
  private record: string[] = []
  private quoted = false
  /** The previous piece ended on a quote inside a quoted cell: an escape or the cell's end. */
  private quotePending = false
  private started = false

  /** The records completed by `text`. */
  push(text: string): string[][] {
    const done: string[][] = []
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i]
      if (this.quotePending) {
        this.quotePending = false
        if (char === '"') {
          this.cell += '"'
          continue
        }
        this.quoted = false
      }
      if (this.quoted) {
        if (char === '"') this.quotePending = true
        else this.cell += char
        continue
      }
      if (char === '"' && this.cell === '') {
        this.quoted = true
        this.started = true
      } else if (char === ',') {
        this.record.push(this.cell)
        this.cell = ''
        this.started = true
      } else if (char === '\n') {
        this.finishRecord(done)
      } else if (char !== '\r') {
        this.cell += char
        this.started = true
      }
    }
    return done
  }

  /** The last record, when the text did not end with a line break. */
  end(): string[][] {
    const done: string[][] = []
    this.quotePending = false
    this.quoted = false
    this.finishRecord(done)
    return done
  }

  private finishRecord(done: string[][]): void {
    if (this.started || this.record.length > 0) {
      this.record.push(this.cell)
      done.push(this.record)
    }
    this.record = []
    this.cell = ''
    this.started = false
  }
}

/** The first record of `text` (a CSV file's header line): its column names. */
export function csvHeader(text: string): string[] {
  const reader = new CsvReader()
  const lineEnd = text.search(/\r?\n/)
  const records = reader.push(lineEnd < 0 ? text : text.slice(0, lineEnd + 1))
  return (records[0] ?? reader.end()[0] ?? []).map((name) => name.trim())
}

/** How an item field's value is written from its CSV cell. */
export type CellKind = 'text' | 'number' | 'json'

/** Which CSV column goes where in an item. */
export interface CsvMapping {
  /** The column holding the external id. */
  externalId: string
  /** Per item field, its column and how its cell is read. */
  fields: { name: string; column: string; kind: CellKind }[]
  /** Whether the columns mapped to nothing go into the item's metadata. */
  restAsMetadata: boolean
}

function cellValue(cell: string, kind: CellKind): unknown {
  if (kind === 'number') {
    const number = Number(cell)
    // A cell that is not a number is sent as it is: the server says which line holds it.
    return cell.trim() !== '' && Number.isFinite(number) ? number : cell
  }
  if (kind === 'json') {
    try {
      return JSON.parse(cell)
    } catch {
      return cell
    }
  }
  return cell
}

/** How much CSV text is converted before the page's other work gets a turn (about 10 ms of work). */
const SLICE_CHARS = 64 * 1024

/** Resolves in a new task: a message to itself, which background tabs do not throttle as they do timers. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

/**
 * A TransformStream from CSV text to NDJSON text, one item per record after
 * the header: `{"external_id", "data", "metadata"}` as `mapping` says.
 */
export function csvToNdjson(header: readonly string[], mapping: CsvMapping): TransformStream<string, string> {
  const reader = new CsvReader()
  const index = (column: string) => header.indexOf(column)
  const idColumn = index(mapping.externalId)
  const fields = mapping.fields.map((field) => ({ ...field, at: index(field.column) }))
  const used = new Set([idColumn, ...fields.map((f) => f.at)])
  const rest = header.map((name, at) => ({ name, at })).filter(({ at }) => !used.has(at))
  let headerSeen = false

  const lines = (records: string[][]): string => {
    let out = ''
    for (const record of records) {
      if (!headerSeen) {
        headerSeen = true
        continue
      }
      const data: Record<string, unknown> = {}
      for (const field of fields) data[field.name] = field.at < 0 ? undefined : cellValue(record[field.at] ?? '', field.kind)
      const item: Record<string, unknown> = { external_id: record[idColumn] ?? '', data }
      if (mapping.restAsMetadata && rest.length > 0) {
        item.metadata = Object.fromEntries(rest.map(({ name, at }) => [name, record[at] ?? '']))
      }
      out += `${JSON.stringify(item)}\n`
    }
    return out
  }

  return new TransformStream<string, string>({
    // A file's stream hands over megabytes at once: converted in slices, with
    // the page's other work run between them, the tab never stops answering.
    async transform(text, controller) {
      for (let at = 0; at < text.length; at += SLICE_CHARS) {
        if (at > 0) await nextTask()
        const out = lines(reader.push(text.slice(at, at + SLICE_CHARS)))
        if (out) controller.enqueue(out)
      }
    },
    flush(controller) {
      const out = lines(reader.end())
      if (out) controller.enqueue(out)
    },
  })
}
